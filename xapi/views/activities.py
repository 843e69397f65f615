"""GET /xapi/activities (the canonical definition) and /xapi/agents (the Person object)."""

from django.http import JsonResponse

from ..agents import ifi_of, parse_agent_param, person_from_agents
from ..errors import BadRequest, Forbidden
from ..http import xapi_resource
from ..models import Activity, Scope, Statement
from ..validation import check_activity_id


@xapi_resource(methods=("GET",))
def activities(xrequest):
    if set(xrequest.params) != {"activityId"}:
        raise BadRequest("activities takes exactly the activityId parameter")
    activity_id = check_activity_id(xrequest.params["activityId"], "activityId")
    activity = Activity.objects.filter(activity_id=activity_id).first()
    # An activity the LRS has not seen is still an activity: its id alone (Communication 2.5).
    body = {"objectType": "Activity", "id": activity_id}
    if activity is not None and activity.definition:
        body["definition"] = activity.definition
    return JsonResponse(body)


@xapi_resource(methods=("GET",))
def agents(xrequest):
    if set(xrequest.params) != {"agent"}:
        raise BadRequest("agents takes exactly the agent parameter")
    agent = parse_agent_param(xrequest.params["agent"])
    ifi = ifi_of(agent)
    # The Person object names the people behind an identifier: a reader of every statement may ask about
    # anyone, a learner's session or launched content only about that learner.
    principal = xrequest.principal
    own = principal.has(Scope.STATEMENTS_READ_MINE) and principal.writer.actor_ifi == ifi
    if not principal.has(Scope.STATEMENTS_READ) and not own:
        raise Forbidden("reading agents needs the statements/read scope")
    # Every form this agent has taken in statements (names differ between tools); a bounded look.
    seen = [agent]
    rows = Statement.objects.filter(actor_ifi=ifi).order_by("-stored").values_list("data", flat=True)[:50]
    seen += [data["actor"] for data in rows]
    return JsonResponse(person_from_agents(seen))
