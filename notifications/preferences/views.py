from django.contrib import messages
from django.shortcuts import redirect, render

from core.decorators import member_required
from messaging.preferences import preferences_set, settings_for
from notifications.preferences.forms import PreferencesForm
from privacy.api import Purpose, has_consent


@member_required
def preferences(request):
    settings = settings_for(request.user)
    form = PreferencesForm(request.POST or None, settings=settings)
    if request.method == "POST" and form.is_valid():
        changed = preferences_set(member=request.user, choices=form.choices())
        if changed:
            messages.success(request, "알림 설정을 저장했어요.")
        else:
            messages.info(request, "바뀐 설정이 없어요.")
        return redirect("notifications:settings")
    return render(
        request,
        "notifications/settings.html",
        {
            "form": form,
            "required": [s for s in settings if s.required],
            "kakaotalk_consent": has_consent(request.user, Purpose.KAKAOTALK),
        },
        status=400 if form.is_bound else 200,
    )
