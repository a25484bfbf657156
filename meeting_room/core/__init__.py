"""Words and rules every layer shares: errors, text limits, vocabulary, event kinds, who may do what. Imports nothing else of ours."""
