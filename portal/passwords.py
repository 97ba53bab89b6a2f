from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MaximumLengthValidator:
    """OWASP ASVS 2.1.2: allow passphrases up to 64 characters, refuse longer ones."""

    def __init__(self, max_length=64):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                self.get_help_text(),
                code="password_too_long",
            )

    def get_help_text(self):
        return _("Mật khẩu dài tối đa %(max_length)d ký tự.") % {"max_length": self.max_length}
