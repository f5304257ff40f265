"""The editors' preview server (``newsgen serve``): see why each story leads where it does, and choose another.

Needs the ``serve`` extra (Starlette, uvicorn, python-multipart)::

    from newsgen.serve import create_app
    app = create_app(Dataset(), "newsgen-choices.sqlite3")
"""

from newsgen.serve.app import create_app

__all__ = ["create_app"]
