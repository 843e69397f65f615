"""Agents and groups: their inverse functional identifier (IFI), the key every agent lookup uses."""

from .errors import BadRequest

IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")


def ifi_of(agent):
    """A stable string for an agent's or identified group's IFI, or "" for an anonymous group."""
    if not isinstance(agent, dict):
        return ""
    for key in IFI_KEYS:
        if key in agent:
            value = agent[key]
            if key == "account":
                return f"account:{value.get('homePage', '')}|{value.get('name', '')}"
            if key == "mbox":
                return f"mbox:{value.lower()}"
            return f"{key}:{value}"
    return ""


def parse_agent_param(raw, name="agent"):
    """The agent of a query parameter (JSON), checked to name exactly one IFI."""
    from .limits import parse_json
    from .validation import validate_agent_or_group

    agent = parse_json(raw, name)
    if not isinstance(agent, dict):
        raise BadRequest(f"{name} must be a JSON object")
    validate_agent_or_group(agent, name, "1.0.3", require_ifi=True)
    return agent


def agent_ifis_in(agent):
    """The IFIs of an agent or group and of a group's members."""
    found = []
    ifi = ifi_of(agent)
    if ifi:
        found.append(ifi)
    for member in agent.get("member", []) if isinstance(agent, dict) else []:
        member_ifi = ifi_of(member)
        if member_ifi:
            found.append(member_ifi)
    return found


def person_from_agents(agents):
    """The Person object of the /agents resource: every name and IFI known for these agents."""
    person = {"objectType": "Person"}
    for agent in agents:
        for key in ("name", *IFI_KEYS):
            if key in agent:
                values = person.setdefault(key, [])
                if agent[key] not in values:
                    values.append(agent[key])
    return person
