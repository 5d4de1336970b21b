"""Development e-mail: printed to the terminal readably (``make run``).

Django's console backend prints the raw MIME message, whose quoted-printable body breaks a
long link over two lines with ``=`` signs, so the invitation link could not be opened from
the terminal. This prints the headers that matter and the plain-text part as a person reads
it. Only with DEBUG and no EMAIL_HOST (settings); production sends through SMTP.
"""

from __future__ import annotations

from django.core.mail.backends.console import EmailBackend as ConsoleEmailBackend


class ReadableConsoleBackend(ConsoleEmailBackend):
    def write_message(self, message) -> None:
        self.stream.write(f"From: {message.from_email}\n")
        self.stream.write(f"To: {', '.join(message.to)}\n")
        self.stream.write(f"Subject: {message.subject}\n\n")
        self.stream.write(f"{message.body}\n")
        self.stream.write("-" * 79 + "\n")
