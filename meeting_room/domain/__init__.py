"""Capabilities that change a meeting, each through one write path (changes.py). No HTTP."""
