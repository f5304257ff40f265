"""Election night: results arriving one file at a time (``newsgen replay``; ``newsgen watch`` to come)."""
