"""The monthly e-mail to each HR officer: their agencies' coverage and the untrained list attached."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _

from agencies.services import HR_OFFICERS

from . import exports
from .coverage import coverage, today
from .models import Target, TargetKind
from .people import people
from .services import scope_roots

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def summary_for(user, on_date):
    """(body lines, attachments) of one HR officer's summary on `on_date`."""
    lines, attachments = [], []
    roots = scope_roots(user) or []
    for target in Target.objects.exclude(kind=TargetKind.ENROLMENTS):
        lines.append(f"{target.name} ({target.deadline:%d/%m/%Y})")
        for root in roots:
            row = coverage(target, on_date, root=root).roots[0]
            percent = "–" if row.percent is None else f"{row.percent:.1f}".replace(".", ",") + "%"
            lines.append(f"  {row.name}: {row.trained}/{row.population} ({percent})")
            if target.kind == TargetKind.PERCENTAGE:
                untrained = people(target, root, on_date, status="untrained")
                name = f"chua-dao-tao-{target.code}-{root.code}-{on_date:%Y%m%d}"
                attachments.append((f"{name}.csv", exports.people_csv(untrained), "text/csv"))
                attachments.append((f"{name}.xlsx", exports.people_xlsx(untrained, root.code), XLSX))
        lines.append("")
    return lines, attachments


def send_monthly_summaries(on_date=None):
    """One e-mail per active HR officer with an e-mail address and at least one scope; returns the count."""
    on_date = on_date or today()
    sent = 0
    officers = get_user_model().objects.filter(groups__name=HR_OFFICERS, is_active=True).exclude(email="").distinct()
    with translation.override(settings.LANGUAGE_CODE):
        for user in officers:
            if not scope_roots(user):
                continue
            lines, attachments = summary_for(user, on_date)
            subject = _("Training coverage on %(date)s") % {"date": on_date.strftime("%d/%m/%Y")}
            body = "\n".join(
                [
                    _("Dear %(name)s,") % {"name": user.get_full_name()},
                    "",
                    _("Your agencies' training coverage on %(date)s:") % {"date": on_date.strftime("%d/%m/%Y")},
                    "",
                    *lines,
                    _("The people not yet trained are attached (CSV and Excel). Full report: %(url)s")
                    % {"url": f"{settings.SITE_URL}/reports/coverage/"},
                ]
            )
            message = EmailMessage(subject, body, to=[user.email])
            for filename, content, mimetype in attachments:
                message.attach(filename, content, mimetype)
            message.send()
            sent += 1
    return sent
