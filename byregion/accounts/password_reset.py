"""Password reset that tells nobody whether an account exists, and cannot be used to flood.

The answer is the same page whether or not the e-mail address belongs to an account, and the
work done before answering is the same too: the e-mail itself is handed to a background sender
(byregion/accounts/mail.py), so an account's mail server does not show in the response time.
Requests are limited per client address and per e-mail address typed; past either limit the
answer is a 429 page, again the same whether or not the account exists.
"""

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.mail import EmailMultiAlternatives
from django.shortcuts import render
from django.template import loader

from byregion.accounts.mail import send_later
from byregion.accounts.throttle import rate_limit
from byregion.middleware import client_ip


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, sending its message in the background instead of while the visitor waits."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            html = loader.render_to_string(html_email_template_name, context)
            message.attach_alternative(html, "text/html")
        send_later(message)


class PasswordResetView(auth_views.PasswordResetView):
    """«Gløymt passordet?»: at most so many requests per address and per e-mail address."""

    form_class = PasswordResetForm

    def post(self, request, *args, **kwargs):
        window = settings.PASSWORD_RESET_WINDOW_SECONDS
        if not rate_limit(
            "reset-address",
            client_ip(request),
            limit=settings.PASSWORD_RESET_ADDRESS_LIMIT,
            seconds=window,
        ):
            return self.refused()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if not rate_limit(
            "reset-account",
            form.cleaned_data["email"].strip().casefold(),
            limit=settings.PASSWORD_RESET_ACCOUNT_LIMIT,
            seconds=settings.PASSWORD_RESET_WINDOW_SECONDS,
        ):
            return self.refused()
        return super().form_valid(form)

    def refused(self):
        context = {
            **self.get_context_data(),
            "minutes": settings.PASSWORD_RESET_WINDOW_SECONDS // 60,
        }
        return render(
            self.request, "registration/password_reset_throttled.html", context, status=429
        )
