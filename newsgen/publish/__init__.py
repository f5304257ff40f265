"""After the outputs: stories delivered to a newsroom's CMS, as drafts for an editor.

>>> from newsgen.publish.wordpress import Site, WordPressClient, publish_stories
>>> from newsgen.publish.state import PublishState
>>> with WordPressClient(Site.parse("https://news.example"), "desk", password) as client:
...     report = publish_stories(stories, client, PublishState("stories/wordpress.json"))

``wordpress`` needs httpx (the ``publish`` extra); ``folder`` reads a batch's stories back.
"""
