"""Consents (동의): the purposes the policy asks consent for, and the ledger of every grant and
withdrawal with the policy version shown."""
