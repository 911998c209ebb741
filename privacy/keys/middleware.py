from privacy.keys.datakeys import key_scope


class DataKeyCacheMiddleware:
    """Unwrapped data keys live for one request only: a destroyed key stops decrypting at the
    next request in every process, and query counts per page stay deterministic. The scope
    holds the keys, the keys the request's rows named (loaded together on first use) and the
    keys found missing (privacy.keys.datakeys)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with key_scope(fresh=True):
            return self.get_response(request)
