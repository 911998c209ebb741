"""Kakao Login unlink at withdrawal: an outbox row written by the withdrawal, sent to Kakao
(POST /v1/user/unlink with the admin key) by a task and a periodic sweep, retried until Kakao
says the link is gone."""
