# gunicorn reads this file from the working directory (README: `gunicorn lifemento.wsgi`).
# The access log leaves out the secrets some URLs carry: a calendar feed's token, Kakao's
# one-time sign-in code (core.gunicorn_logging).
logger_class = "core.gunicorn_logging.AccessLogger"
