"""Withdrawal (회원 탈퇴): what each app must do when a member leaves, run by privacy in one place.

Apps register their side effects of a withdrawal (in their `privacy.py`, next to their data
categories) under a named stage (privacy.withdrawal.registry.Stage); privacy.withdrawal.runner
runs them all in the stages' declared order in one transaction, then deletes the rows.
"""
