from privacy.crypto import clear_key_cache


class DataKeyCacheMiddleware:
    """Unwrapped data keys live for one request only: a destroyed key stops decrypting at the
    next request in every process, and query counts per page stay deterministic."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        clear_key_cache()
        try:
            return self.get_response(request)
        finally:
            clear_key_cache()
