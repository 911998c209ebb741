"""The member's privacy centre: consents, rights requests and the instant data download."""
