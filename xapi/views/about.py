from django.http import JsonResponse

from ..errors import NotFound
from ..http import xapi_resource


@xapi_resource(methods=("GET",), needs_version=False, needs_auth=False)
def about(xrequest):
    return JsonResponse({"version": ["1.0.3", "2.0.0"], "extensions": {}})


@xapi_resource(methods=("GET", "HEAD", "PUT", "POST", "DELETE"), needs_version=False, needs_auth=False)
def unknown_resource(xrequest):
    raise NotFound("no such xAPI resource")
