"""Step 2 of the pipeline: what each seat is compared with.

* the notional previous result on the seat's own boundaries (gain/hold, share change);
* the actual previous result of its predecessor seat(s) (turnout "down on 2019");
* the seat's history back to 1918 (historic firsts);
* how long each sitting MP had held a seat (member ids through 2010-2019).
"""

from newsgen.baselines.models import Baseline, MemberTenure, NotionalResult, PreviousResult, SeatHistory

__all__ = ["Baseline", "MemberTenure", "NotionalResult", "PreviousResult", "SeatHistory"]
