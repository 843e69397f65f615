"""The three statement formats of a GET: exact, ids and canonical (with Accept-Language)."""

from .models import Activity

LANGUAGE_MAP_KEYS = ("display", "name", "description")


def parse_accept_language(header):
    """Language ranges in order of preference, e.g. 'vi-VN,vi;q=0.9,en;q=0.5' -> ['vi-vn', 'vi', 'en']."""
    ranges = []
    for index, piece in enumerate((header or "").split(",")):
        tag, _, params = piece.strip().partition(";")
        if not tag:
            continue
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if quality > 0:
            ranges.append((-quality, index, tag.strip().lower()))
    return [tag for _q, _i, tag in sorted(ranges)]


def pick_language(language_map, preferred):
    """One entry of a language map: the best match for the preferred languages, else the first one."""
    if not language_map:
        return language_map
    lowered = {tag.lower(): tag for tag in language_map}
    for wanted in preferred:
        if wanted == "*":
            break
        if wanted in lowered:
            tag = lowered[wanted]
            return {tag: language_map[tag]}
        for lower, tag in lowered.items():
            if lower.split("-")[0] == wanted.split("-")[0]:
                return {tag: language_map[tag]}
    tag = next(iter(language_map))
    return {tag: language_map[tag]}


def _agent_ids(agent):
    out = {"objectType": agent.get("objectType", "Agent")}
    for key in ("mbox", "mbox_sha1sum", "openid", "account"):
        if key in agent:
            out[key] = agent[key]
            break
    else:
        # An anonymous group is known only by its members.
        if "member" in agent:
            out["member"] = [_agent_ids(member) for member in agent["member"]]
    return out


def _ids_part(part):
    out = dict(part)
    out["actor"] = _agent_ids(part["actor"])
    out["verb"] = {"id": part["verb"]["id"]}
    obj = part["object"]
    object_type = obj.get("objectType", "Activity")
    # An Activity is identified by its id alone; objectType defaults to Activity (Communication 2.1.3).
    if object_type == "Activity":
        out["object"] = {"id": obj["id"]}
    elif object_type in ("Agent", "Group"):
        out["object"] = _agent_ids(obj)
    elif object_type == "SubStatement":
        out["object"] = _ids_part(obj)
    if "context" in part:
        context = dict(part["context"])
        for key in ("instructor", "team"):
            if key in context:
                context[key] = _agent_ids(context[key])
        if "contextActivities" in context:
            context["contextActivities"] = {
                key: [{"id": a["id"]} for a in (v if isinstance(v, list) else [v])]
                for key, v in context["contextActivities"].items()
            }
        out["context"] = context
    if "authority" in part:
        out["authority"] = _agent_ids(part["authority"])
    return out


def _filter_languages(value, preferred):
    if isinstance(value, dict):
        return {
            key: pick_language(item, preferred)
            if key in LANGUAGE_MAP_KEYS and isinstance(item, dict) and _is_language_map(item)
            else _filter_languages(item, preferred)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_filter_languages(item, preferred) for item in value]
    return value


def _is_language_map(value):
    return all(isinstance(v, str) for v in value.values())


def _activities(part, found):
    obj = part.get("object", {})
    if obj.get("objectType", "Activity") == "Activity" and "id" in obj:
        found.append(obj)
    for group in part.get("context", {}).get("contextActivities", {}).values():
        found.extend(group if isinstance(group, list) else [group])
    if obj.get("objectType") == "SubStatement":
        _activities(obj, found)
    return found


def canonical(statements, preferred):
    """Activities take the LRS's canonical definitions; every language map keeps one language."""
    activity_ids = {a["id"] for s in statements for a in _activities(s, [])}
    definitions = dict(Activity.objects.filter(activity_id__in=activity_ids).values_list("activity_id", "definition"))
    out = []
    for statement in statements:
        copy = _deep_copy(statement)
        for activity in _activities(copy, []):
            definition = definitions.get(activity["id"])
            if definition:
                activity["definition"] = _deep_copy(definition)
        out.append(_filter_languages(copy, preferred))
    return out


def _deep_copy(value):
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


def render(statements, fmt, accept_language=""):
    if fmt == "ids":
        return [_ids_part(statement) for statement in statements]
    if fmt == "canonical":
        return canonical(statements, parse_accept_language(accept_language))
    return statements
