"""The fan-out: doorbell (broker), hub, drawing, outbox, presence, rendering of fragments."""
