"""Reading a meeting: boards, the record, the history, scale results. Never writes."""
