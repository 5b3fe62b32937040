"""The hall's rules in plain Python: no SQL, no sockets, no Qt. Time is always passed in."""
