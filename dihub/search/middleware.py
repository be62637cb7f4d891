"""One look at the search index's generation per request (state.pinned)."""

from . import state


def one_index_per_request(get_response):
    def middleware(request):
        with state.pinned():
            return get_response(request)

    return middleware
