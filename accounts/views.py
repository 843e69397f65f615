import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import personal_data, phones
from .extensions import profile_sections
from .forms import PRIVACY_NOTICE_VERSION, DeleteAccountForm, ProfileForm
from .models import LearnerCategory, LearnerProfile


def privacy(request):
    return render(request, "accounts/privacy.html", {"version": PRIVACY_NOTICE_VERSION})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    learner_profile = LearnerProfile.objects.filter(user=user).first()
    form = ProfileForm(request.POST or None, instance=learner_profile or LearnerProfile(user=user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    # Other apps' parts of the page (agencies: the roster entry); one of them may vouch for the category.
    sections = profile_sections(request)
    fixed_category = next((s.fixed_category for s in sections if s.fixed_category), None)
    return render(
        request,
        "accounts/profile.html",
        {
            "learner_profile": learner_profile,
            "form": form,
            "phone_display": phones.display(user.phone),
            "sections": sections,
            "fixed_category_label": LearnerCategory(fixed_category).label if fixed_category else None,
        },
    )


@login_required
def export_data(request):
    data = personal_data.export(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="kynangso-du-lieu-ca-nhan-{stamp}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        personal_data.delete_account(user)
        messages.success(request, _("Your account has been deleted."))
        return redirect("/")
    return render(request, "accounts/delete_account.html", {"form": form})
