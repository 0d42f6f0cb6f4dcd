"""Starting content for the activity catalogue and the service areas.

Drawn from the IPC commissioning model and the Four Co's typology in the source
paper (Loeffler and Bovaird, "Co-commissioning of public services and outcomes in
the UK", Public Money & Management, 2019), restated in the product's own words.
Admins can edit, add to and retire any entry.
"""

from __future__ import annotations

SERVICE_AREAS = [
    "Health",
    "Adult social care",
    "Children and young people",
    "Worklessness",
    "Criminal justice",
    "Housing",
    "Environment",
    "Other",
]

# (phase, title, description)
IPC_TASKS = [
    (
        "analyse",
        "Resource analysis",
        "What money, staff, buildings and community resources are available.",
    ),
    (
        "analyse",
        "Review of current services",
        "How well today's services work and for whom.",
    ),
    (
        "analyse",
        "Population needs assessment",
        "Who lives in the area and what they need.",
    ),
    (
        "analyse",
        "Legislation, evidence and guidance",
        "The law, research and national guidance that apply.",
    ),
    ("analyse", "Individual needs", "What individual people need, in their own words."),
    (
        "analyse",
        "Intended outcomes",
        "What should be different for people when this works.",
    ),
    ("analyse", "Provider analysis", "Who could provide services, and how well."),
    ("plan", "Gap analysis", "Where needs are not met by what exists."),
    (
        "plan",
        "Commissioning strategy",
        "The overall plan for meeting needs and reaching outcomes.",
    ),
    ("plan", "Service design", "How services should work for the people who use them."),
    (
        "plan",
        "Service specifications and contracts",
        "What providers must deliver, written down.",
    ),
    ("plan", "Purchasing plan", "How and when services will be bought."),
    (
        "do",
        "Market and provider development",
        "Helping providers, including small and community ones, to be ready.",
    ),
    (
        "do",
        "Capacity building",
        "Building the skills and confidence providers and communities need.",
    ),
    (
        "do",
        "Managing provider relationships",
        "Keeping in regular, honest contact with providers.",
    ),
    ("do", "Procuring services", "Letting contracts to providers."),
    ("do", "Contract management", "Checking that what was agreed is delivered."),
    (
        "review",
        "Strategy and market performance review",
        "Whether the strategy worked and the market responded.",
    ),
    (
        "review",
        "Strategic outcomes review",
        "Whether the outcomes for the area improved.",
    ),
    (
        "review",
        "Individual outcomes review",
        "Whether things got better for individual people.",
    ),
    ("review", "Contract evaluation", "How well each contract delivered."),
]

# (phase, mode, title, description)
CO_PRODUCED = [
    (
        "analyse",
        "co_design",
        "Joint analysis of needs",
        "Service users, communities and staff work out together what people need.",
    ),
    (
        "analyse",
        "co_delivery",
        "Joint mapping of public and community assets",
        "Find out what people and groups already do and would be willing to do.",
    ),
    (
        "analyse",
        "co_assessment",
        "Joint analysis of the risks of service failure",
        "Look at whose risks they are, what taking them would gain, and how to make them safe.",
    ),
    (
        "analyse",
        "co_commissioning",
        "Finding more ways to involve citizens",
        "Agree together where else in the cycle citizens can take part.",
    ),
    (
        "plan",
        "co_commissioning",
        "Deciding priority outcomes and services together",
        "Citizens help choose which outcomes and services come first.",
    ),
    (
        "plan",
        "co_commissioning",
        "Agreeing how to choose providers",
        "Agree the criteria for the mix of in-house and outside providers.",
    ),
    (
        "plan",
        "co_design",
        "Agreeing specifications, tenders and contracts",
        "Citizens help write what providers will be asked to do.",
    ),
    (
        "do",
        "co_assessment",
        "Joint monitoring of services and contracts",
        "Citizens and commissioners check together how services are doing.",
    ),
    (
        "do",
        "co_assessment",
        "Citizens at contract monitoring meetings",
        "Service users and community members sit in meetings with providers.",
    ),
    (
        "do",
        "co_delivery",
        "Helping providers work with citizens",
        "Support providers to improve relationships with users and draw on what citizens offer.",
    ),
    (
        "do",
        "co_commissioning",
        "Agreeing ways to raise extra resources from citizens",
        "For example crowdfunding or fair charges.",
    ),
    (
        "review",
        "co_assessment",
        "Revising the strategy after co-assessment",
        "Change the strategy in the light of how citizens judged services and providers.",
    ),
    (
        "review",
        "co_assessment",
        "Revising decisions after assessing providers against governance principles",
        "Citizens judge providers against the principles, and decisions follow.",
    ),
]

# (phase or "", mode, title, description): approaches; phase is where the source
# suggests them, blank where they suit any phase.
APPROACHES = [
    (
        "analyse",
        "co_design",
        "Appreciative inquiry with local communities",
        "Start from what works and what people are proud of.",
    ),
    (
        "analyse",
        "co_delivery",
        "'See what you can do' conversations",
        "Ask service users what they already do and would be willing to do.",
    ),
    (
        "analyse",
        "co_assessment",
        "Focus group on risk",
        "Talk through risks and what people would accept for better outcomes.",
    ),
    (
        "analyse",
        "co_assessment",
        "Community survey on the service offer",
        "For example, older people in one neighbourhood.",
    ),
    (
        "plan",
        "co_commissioning",
        "Participatory budgeting",
        "Residents vote on how part of a budget is spent.",
    ),
    (
        "plan",
        "co_commissioning",
        "Citizens on the commissioning board or procurement panel",
        "User and community representatives take seats where decisions are made.",
    ),
    (
        "plan",
        "co_commissioning",
        "Personalisation (personal budgets)",
        "People choose and buy their own support.",
    ),
    (
        "plan",
        "co_design",
        "Ideas from experts by experience",
        "User group meetings or online suggestions from people with lived experience.",
    ),
    (
        "plan",
        "co_design",
        "Innovation lab",
        "Prototype new solutions with a diverse group.",
    ),
    (
        "do",
        "co_commissioning",
        "Crowdfunding",
        "Residents and local businesses help pay for something they want.",
    ),
    (
        "do",
        "co_commissioning",
        "Fees and charges",
        "Agree fair charges for some services.",
    ),
    (
        "review",
        "co_assessment",
        "User and community survey",
        "Ask people how services are doing.",
    ),
    (
        "review",
        "co_assessment",
        "Focus group on survey results",
        "Discuss the results and the figures, and gather ideas.",
    ),
    (
        "review",
        "co_assessment",
        "Peer review and inspection",
        "Service-user inspectors, tenant inspectors or mystery shopping.",
    ),
    (
        "review",
        "co_assessment",
        "Scrutiny of complaint patterns",
        "Look for patterns in complaints and act on them.",
    ),
    (
        "",
        "co_commissioning",
        "Service-user seats on boards and panels",
        "Users and community representatives on commissioning boards.",
    ),
    (
        "",
        "co_design",
        "Service redesign with users",
        "Redesign a service or its website with the people who use it.",
    ),
    (
        "",
        "co_design",
        "Neighbourhood or regeneration forum",
        "A standing forum where residents shape local change.",
    ),
    (
        "",
        "co_delivery",
        "Volunteering",
        "Local people give time to help deliver outcomes.",
    ),
    (
        "",
        "co_delivery",
        "Supported self-care",
        "Help people look after their own health, including their medicines.",
    ),
    (
        "",
        "co_delivery",
        "Peer support group",
        "For example expert patients or digital skills sessions.",
    ),
    (
        "",
        "co_delivery",
        "Experts by experience training staff",
        "People with lived experience train professionals.",
    ),
    (
        "",
        "co_delivery",
        "Street champions",
        "Residents keep an eye on their street, for example Speedwatch.",
    ),
    (
        "",
        "co_delivery",
        "Community asset management",
        "A community group runs a building or space.",
    ),
    ("", "co_assessment", "Web-based user ratings", "People rate services online."),
    (
        "",
        "co_assessment",
        "Action-oriented complaints system",
        "Complaints lead to visible changes.",
    ),
]


def load(apps: object) -> None:
    """Create the shared entries that are not there yet (safe to run again)."""
    service_area = apps.get_model("cycles", "ServiceArea")  # type: ignore[attr-defined]
    entry = apps.get_model("cycles", "CatalogueEntry")  # type: ignore[attr-defined]
    # The first data migration runs before entries could belong to an organisation.
    names = {field.name for field in entry._meta.get_fields()}
    shared = {"organisation": None} if "organisation" in names else {}
    for order, name in enumerate(SERVICE_AREAS):
        service_area.objects.get_or_create(name=name, defaults={"order": order})
    rows = [("ipc_task", phase, "", title, text) for phase, title, text in IPC_TASKS]
    rows += [("co_produced", *row) for row in CO_PRODUCED]
    rows += [("approach", *row) for row in APPROACHES]
    for order, (kind, phase, mode, title, description) in enumerate(rows):
        entry.objects.get_or_create(
            kind=kind,
            phase=phase,
            mode=mode,
            title=title,
            **shared,
            defaults={"description": description, "order": order},
        )
