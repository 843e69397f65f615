"""Statement validation to the letter of xAPI 1.0.3 and 2.0.0 (IEEE 9274.1.1).

Every check raises BadRequest naming the offending property by its path, so a client can fix it.
`version` is the request's family: "1.0.3" or "2.0.0".
"""

import re
import uuid
from datetime import UTC, datetime

from .agents import ifi_of
from .errors import BadRequest
from .limits import ACTIVITY_ID_MAX, AGENT_IFI_MAX, STATEMENT_VERSION_MAX, VERB_ID_MAX

IRI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+$")
MAILTO_RE = re.compile(r"^mailto:[^@\s]+@[^@\s]+$", re.IGNORECASE)
SHA1_RE = re.compile(r"^[0-9a-fA-F]{40}$")
LANG_TAG_RE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
STATEMENT_VERSION_RE = {
    "1.0.3": re.compile(r"^1\.0(\.\d+)?$"),
    "2.0.0": re.compile(r"^(1\.0(\.\d+)?|2\.0(\.\d+)?)$"),
}
# ISO 8601 durations: weeks stand alone (P2W), never beside other units.
DURATION_RE = re.compile(
    r"^P(?:\d+(?:\.\d+)?W|(?!$)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?D)?"
    r"(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?)$"
)
TIMESTAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}(:?\d{2})?)?$")
RFC3339_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
INTERACTION_TYPES = {
    "true-false": set(),
    "choice": {"choices"},
    "fill-in": set(),
    "long-fill-in": set(),
    "matching": {"source", "target"},
    "performance": {"steps"},
    "sequencing": {"choices"},
    "likert": {"scale"},
    "numeric": set(),
    "other": set(),
}
COMPONENT_LISTS = {"choices", "scale", "source", "target", "steps"}
SIGNATURE_USAGE = "http://adlnet.gov/expapi/attachments/signature"


def fail(path, message):
    raise BadRequest(f"{path}: {message}")


def check_object(value, path):
    if not isinstance(value, dict):
        fail(path, "must be a JSON object")
    return value


def check_keys(value, path, allowed, required=()):
    check_object(value, path)
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        fail(path, f"unknown properties {', '.join(unknown)}")
    for key in required:
        if key not in value:
            fail(path, f"'{key}' is required")


def check_string(value, path):
    if not isinstance(value, str):
        fail(path, "must be a string")
    return value


def check_iri(value, path):
    if not isinstance(value, str) or not IRI_RE.match(value):
        fail(path, "must be an absolute IRI")
    return value


def check_activity_id(value, path):
    check_iri(value, path)
    if len(value) > ACTIVITY_ID_MAX:
        fail(path, f"activity id longer than {ACTIVITY_ID_MAX} characters")
    return value


def check_verb_id(value, path):
    check_iri(value, path)
    if len(value) > VERB_ID_MAX:
        fail(path, f"verb id longer than {VERB_ID_MAX} characters")
    return value


def check_bool(value, path):
    if not isinstance(value, bool):
        fail(path, "must be true or false")


def check_number(value, path):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        fail(path, "must be a number")
    return value


def check_uuid(value, path):
    if not isinstance(value, str):
        fail(path, "must be a UUID string")
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        fail(path, "must be a UUID")
    if str(parsed) != value.lower() or len(value) != 36:
        fail(path, "must be a UUID in its hyphenated form")
    return parsed


def check_language_map(value, path):
    check_object(value, path)
    for tag, text in value.items():
        if not LANG_TAG_RE.match(tag):
            fail(path, f"'{tag}' is not a language tag (RFC 5646)")
        if not isinstance(text, str):
            fail(f"{path}.{tag}", "must be a string")


def check_extensions(value, path):
    check_object(value, path)
    for key in value:
        check_iri(key, f"{path} key '{key}'")


def parse_timestamp(value, path, version):
    if not isinstance(value, str):
        fail(path, "must be an ISO 8601 timestamp string")
    pattern = RFC3339_RE if version == "2.0.0" else TIMESTAMP_RE
    if not pattern.match(value):
        fail(path, "must be an ISO 8601 timestamp" + (" (RFC 3339)" if version == "2.0.0" else ""))
    if re.search(r"-00(:?00)?$", value):
        fail(path, "the offset -00:00 (unknown local offset) is not allowed")
    normalised = value.replace("t", "T").replace(" ", "T").replace("z", "Z").replace("Z", "+00:00")
    if re.search(r"[+-]\d{4}$", normalised):
        normalised = normalised[:-2] + ":" + normalised[-2:]
    elif re.search(r"[+-]\d{2}$", normalised):
        normalised += ":00"
    try:
        parsed = datetime.fromisoformat(normalised)
    except ValueError:
        fail(path, "is not a valid date and time")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        # Stored and compared in UTC: 9999-12-31T23:59-14:00 is past the last representable instant.
        parsed.astimezone(UTC)
    except OverflowError:
        fail(path, "is out of the representable range of dates")
    return parsed


# --- agents and groups ---------------------------------------------------------------------------------


def _check_ifis(agent, path):
    present = [key for key in ("mbox", "mbox_sha1sum", "openid", "account") if key in agent]
    if len(present) > 1:
        fail(path, "must have exactly one inverse functional identifier, found " + ", ".join(present))
    if "mbox" in agent and (not isinstance(agent["mbox"], str) or not MAILTO_RE.match(agent["mbox"])):
        fail(f"{path}.mbox", "must be a mailto: IRI")
    if "mbox_sha1sum" in agent and (
        not isinstance(agent["mbox_sha1sum"], str) or not SHA1_RE.match(agent["mbox_sha1sum"])
    ):
        fail(f"{path}.mbox_sha1sum", "must be a hex-encoded SHA1 hash")
    if "openid" in agent:
        check_iri(agent["openid"], f"{path}.openid")
    if "account" in agent:
        account = agent["account"]
        check_keys(account, f"{path}.account", ("homePage", "name"), ("homePage", "name"))
        check_iri(account["homePage"], f"{path}.account.homePage")
        check_string(account["name"], f"{path}.account.name")
    # The IFI is an indexed column: agents whose identifier cannot be stored are refused, not truncated.
    if len(present) == 1 and len(ifi_of(agent)) > AGENT_IFI_MAX:
        fail(f"{path}.{present[0]}", f"agent identifier longer than {AGENT_IFI_MAX} characters")
    return present


def validate_agent(agent, path, version):
    check_keys(agent, path, ("objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"))
    if "objectType" in agent and agent["objectType"] != "Agent":
        fail(f"{path}.objectType", "must be 'Agent'")
    if "name" in agent:
        check_string(agent["name"], f"{path}.name")
    if not _check_ifis(agent, path):
        fail(path, "an Agent needs exactly one inverse functional identifier")


def validate_group(group, path, version, require_ifi=False):
    check_keys(group, path, ("objectType", "name", "member", "mbox", "mbox_sha1sum", "openid", "account"))
    if group.get("objectType") != "Group":
        fail(f"{path}.objectType", "must be 'Group'")
    if "name" in group:
        check_string(group["name"], f"{path}.name")
    identified = bool(_check_ifis(group, path))
    if require_ifi and not identified:
        fail(path, "must be an identified Group")
    if "member" in group:
        members = group["member"]
        if not isinstance(members, list):
            fail(f"{path}.member", "must be an array of Agents")
        for index, member in enumerate(members):
            member_path = f"{path}.member[{index}]"
            check_object(member, member_path)
            if member.get("objectType") == "Group":
                fail(member_path, "a Group may not contain Groups")
            validate_agent(member, member_path, version)
    if not identified and not group.get("member"):
        fail(path, "an anonymous Group must list its members")


def validate_agent_or_group(value, path, version, require_ifi=False):
    check_object(value, path)
    if value.get("objectType") == "Group":
        validate_group(value, path, version, require_ifi=require_ifi)
    else:
        validate_agent(value, path, version)


# --- verb, activity, object ----------------------------------------------------------------------------


def validate_verb(verb, path, version):
    check_keys(verb, path, ("id", "display"), ("id",))
    check_verb_id(verb["id"], f"{path}.id")
    if "display" in verb:
        check_language_map(verb["display"], f"{path}.display")


def _validate_components(components, path):
    if not isinstance(components, list):
        fail(path, "must be an array of interaction components")
    seen = set()
    for index, component in enumerate(components):
        item = f"{path}[{index}]"
        check_keys(component, item, ("id", "description"), ("id",))
        check_string(component["id"], f"{item}.id")
        if not component["id"].strip() or " " in component["id"]:
            fail(f"{item}.id", "must be a non-empty identifier without spaces")
        if component["id"] in seen:
            fail(f"{item}.id", "must be unique within the list")
        seen.add(component["id"])
        if "description" in component:
            check_language_map(component["description"], f"{item}.description")


def validate_definition(definition, path):
    allowed = (
        "name", "description", "type", "moreInfo", "interactionType", "correctResponsesPattern",
        *COMPONENT_LISTS, "extensions",
    )  # fmt: skip
    check_keys(definition, path, allowed)
    for key in ("name", "description"):
        if key in definition:
            check_language_map(definition[key], f"{path}.{key}")
    if "type" in definition:
        check_iri(definition["type"], f"{path}.type")
    if "moreInfo" in definition:
        check_iri(definition["moreInfo"], f"{path}.moreInfo")
    if "extensions" in definition:
        check_extensions(definition["extensions"], f"{path}.extensions")
    interaction = definition.get("interactionType")
    lists = COMPONENT_LISTS & set(definition)
    if "interactionType" not in definition:
        if lists or "correctResponsesPattern" in definition:
            fail(path, "interaction properties need an interactionType")
        return
    check_string(interaction, f"{path}.interactionType")
    if interaction not in INTERACTION_TYPES:
        fail(f"{path}.interactionType", f"'{interaction}' is not an interaction type")
    extra = lists - INTERACTION_TYPES[interaction]
    if extra:
        fail(path, f"{', '.join(sorted(extra))} not allowed with interactionType '{interaction}'")
    for key in lists:
        _validate_components(definition[key], f"{path}.{key}")
    if "correctResponsesPattern" in definition:
        pattern = definition["correctResponsesPattern"]
        if not isinstance(pattern, list) or not all(isinstance(item, str) for item in pattern):
            fail(f"{path}.correctResponsesPattern", "must be an array of strings")


def validate_activity(activity, path, version):
    check_keys(activity, path, ("objectType", "id", "definition"), ("id",))
    if "objectType" in activity and activity["objectType"] != "Activity":
        fail(f"{path}.objectType", "must be 'Activity'")
    check_activity_id(activity["id"], f"{path}.id")
    if "definition" in activity:
        validate_definition(activity["definition"], f"{path}.definition")


def validate_statement_ref(ref, path):
    check_keys(ref, path, ("objectType", "id"), ("objectType", "id"))
    if ref["objectType"] != "StatementRef":
        fail(f"{path}.objectType", "must be 'StatementRef'")
    check_uuid(ref["id"], f"{path}.id")


def validate_object(obj, path, version, in_substatement=False):
    check_object(obj, path)
    object_type = obj.get("objectType", "Activity")
    if object_type == "Activity":
        validate_activity(obj, path, version)
    elif object_type == "Agent":
        validate_agent(obj, path, version)
    elif object_type == "Group":
        validate_group(obj, path, version)
    elif object_type == "StatementRef":
        validate_statement_ref(obj, path)
    elif object_type == "SubStatement":
        if in_substatement:
            fail(path, "a SubStatement may not contain a SubStatement")
        validate_substatement(obj, path, version)
    else:
        fail(f"{path}.objectType", f"'{object_type}' is not an object type")


# --- result, context, attachments ----------------------------------------------------------------------


def validate_result(result, path, version):
    check_keys(result, path, ("score", "success", "completion", "response", "duration", "extensions"))
    if "score" in result:
        score = result["score"]
        check_keys(score, f"{path}.score", ("scaled", "raw", "min", "max"))
        for key in score:
            check_number(score[key], f"{path}.score.{key}")
        if "scaled" in score and not -1 <= score["scaled"] <= 1:
            fail(f"{path}.score.scaled", "must be between -1 and 1")
        low, high = score.get("min"), score.get("max")
        if low is not None and high is not None and low >= high:
            fail(f"{path}.score", "min must be less than max")
        if "raw" in score:
            if low is not None and score["raw"] < low:
                fail(f"{path}.score.raw", "must not be less than min")
            if high is not None and score["raw"] > high:
                fail(f"{path}.score.raw", "must not be more than max")
    for key in ("success", "completion"):
        if key in result:
            check_bool(result[key], f"{path}.{key}")
    if "response" in result:
        check_string(result["response"], f"{path}.response")
    if "duration" in result and (not isinstance(result["duration"], str) or not DURATION_RE.match(result["duration"])):
        fail(f"{path}.duration", "must be an ISO 8601 duration")
    if "extensions" in result:
        check_extensions(result["extensions"], f"{path}.extensions")


def _validate_context_activities(value, path, version):
    check_keys(value, path, ("parent", "grouping", "category", "other"))
    for key, activities in value.items():
        items = activities if isinstance(activities, list) else [activities]
        if isinstance(activities, list) and not activities and version == "2.0.0":
            fail(f"{path}.{key}", "must not be an empty array")
        for index, activity in enumerate(items):
            validate_activity(check_object(activity, f"{path}.{key}[{index}]"), f"{path}.{key}[{index}]", version)


def _validate_relevant_types(value, path):
    if not isinstance(value, list) or not value:
        fail(path, "must be a non-empty array of IRIs")
    for index, iri in enumerate(value):
        check_iri(iri, f"{path}[{index}]")


def validate_context(context, path, version, object_type):
    allowed = [
        "registration", "instructor", "team", "contextActivities", "revision", "platform", "language",
        "statement", "extensions",
    ]  # fmt: skip
    if version == "2.0.0":
        allowed += ["contextAgents", "contextGroups"]
    check_keys(context, path, allowed)
    if "registration" in context:
        check_uuid(context["registration"], f"{path}.registration")
    if "instructor" in context:
        validate_agent_or_group(context["instructor"], f"{path}.instructor", version)
    if "team" in context:
        team = check_object(context["team"], f"{path}.team")
        if team.get("objectType") != "Group":
            fail(f"{path}.team", "must be a Group")
        validate_group(team, f"{path}.team", version)
    if "contextActivities" in context:
        _validate_context_activities(context["contextActivities"], f"{path}.contextActivities", version)
    for key in ("revision", "platform"):
        if key in context:
            check_string(context[key], f"{path}.{key}")
            if object_type != "Activity":
                fail(f"{path}.{key}", "is only allowed when the object is an Activity")
    if "language" in context and (
        not isinstance(context["language"], str) or not LANG_TAG_RE.match(context["language"])
    ):
        fail(f"{path}.language", "must be a language tag (RFC 5646)")
    if "statement" in context:
        validate_statement_ref(check_object(context["statement"], f"{path}.statement"), f"{path}.statement")
    if "extensions" in context:
        check_extensions(context["extensions"], f"{path}.extensions")
    for key in ("contextAgents", "contextGroups"):
        if key in context and not isinstance(context[key], list):
            fail(f"{path}.{key}", "must be an array")
    _validate_context_members(context, path, "contextAgents", "agent", validate_agent, version)
    _validate_context_members(context, path, "contextGroups", "group", validate_group, version)


def _validate_context_members(context, path, key, member, validate_member, version):
    """Each contextAgent or contextGroup (2.0.0): its objectType, the agent or group, its relevantTypes."""
    kind = key.removesuffix("s")
    for index, item in enumerate(context.get(key, [])):
        item_path = f"{path}.{key}[{index}]"
        check_keys(item, item_path, ("objectType", member, "relevantTypes"), ("objectType", member))
        if item["objectType"] != kind:
            fail(f"{item_path}.objectType", f"must be '{kind}'")
        validate_member(check_object(item[member], f"{item_path}.{member}"), f"{item_path}.{member}", version)
        if "relevantTypes" in item:
            _validate_relevant_types(item["relevantTypes"], f"{item_path}.relevantTypes")


def validate_attachments(attachments, path, version):
    if not isinstance(attachments, list):
        fail(path, "must be an array")
    for index, attachment in enumerate(attachments):
        item = f"{path}[{index}]"
        allowed = ("usageType", "display", "description", "contentType", "length", "sha2", "fileUrl")
        check_keys(attachment, item, allowed, ("usageType", "display", "contentType", "length", "sha2"))
        check_iri(attachment["usageType"], f"{item}.usageType")
        check_language_map(attachment["display"], f"{item}.display")
        if "description" in attachment:
            check_language_map(attachment["description"], f"{item}.description")
        check_string(attachment["contentType"], f"{item}.contentType")
        length = attachment["length"]
        if isinstance(length, bool) or not isinstance(length, int) or length < 0:
            fail(f"{item}.length", "must be a non-negative integer")
        check_string(attachment["sha2"], f"{item}.sha2")
        if "fileUrl" in attachment:
            check_iri(attachment["fileUrl"], f"{item}.fileUrl")


# --- statements ----------------------------------------------------------------------------------------


def _validate_core(statement, path, version, in_substatement):
    validate_agent_or_group(check_object(statement["actor"], f"{path}.actor"), f"{path}.actor", version)
    validate_verb(check_object(statement["verb"], f"{path}.verb"), f"{path}.verb", version)
    validate_object(statement["object"], f"{path}.object", version, in_substatement=in_substatement)
    object_type = statement["object"].get("objectType", "Activity")
    if "result" in statement:
        validate_result(statement["result"], f"{path}.result", version)
    if "context" in statement:
        validate_context(statement["context"], f"{path}.context", version, object_type)
    if "timestamp" in statement:
        parse_timestamp(statement["timestamp"], f"{path}.timestamp", version)
    if "attachments" in statement:
        validate_attachments(statement["attachments"], f"{path}.attachments", version)


def validate_substatement(sub, path, version):
    allowed = ("objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments")
    check_keys(sub, path, allowed, ("actor", "verb", "object"))
    _validate_core(sub, path, version, in_substatement=True)


def validate_statement(statement, version, path="statement"):
    allowed = (
        "id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version",
        "attachments", "objectType",
    )  # fmt: skip
    check_keys(statement, path, allowed, ("actor", "verb", "object"))
    if "objectType" in statement:
        fail(f"{path}.objectType", "is not a statement property")
    if "id" in statement:
        check_uuid(statement["id"], f"{path}.id")
    if "version" in statement and (
        not isinstance(statement["version"], str)
        or len(statement["version"]) > STATEMENT_VERSION_MAX
        or not STATEMENT_VERSION_RE[version].match(statement["version"])
    ):
        shown = str(statement["version"])[:STATEMENT_VERSION_MAX]
        fail(f"{path}.version", f"'{shown}' is not a supported xAPI version")
    if "stored" in statement:
        parse_timestamp(statement["stored"], f"{path}.stored", version)
    if "authority" in statement:
        authority = check_object(statement["authority"], f"{path}.authority")
        validate_agent_or_group(authority, f"{path}.authority", version)
        # Only OAuth's form: an anonymous Group of the application and the user (Data 2.4.9).
        if authority.get("objectType") == "Group" and (
            any(key in authority for key in ("mbox", "mbox_sha1sum", "openid", "account"))
            or len(authority.get("member", [])) != 2
        ):
            fail(f"{path}.authority", "a Group authority must be an anonymous Group of exactly two Agents (OAuth)")
    _validate_core(statement, path, version, in_substatement=False)
    verb_id = statement["verb"]["id"]
    if verb_id == VOIDED_VERB and statement["object"].get("objectType") != "StatementRef":
        fail(f"{path}.object", "a voiding statement's object must be a StatementRef")


VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"
