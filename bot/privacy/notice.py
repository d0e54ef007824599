"""The privacy notice (the demo site's `/privacy` page): who holds the data, what is kept,
why, for how long, and how to get a copy or have it deleted, from the settings."""

from __future__ import annotations

from html import escape

from bot.settings import Settings

NOTICE_PATH = "/privacy"


def notice_url(settings: Settings) -> str:
    """The privacy notice: `BOT_PRIVACY_URL`, else the demo site's page."""
    return settings.privacy.url or f"{settings.site_url}{NOTICE_PATH}"


def notice_html(settings: Settings, team_email: str) -> str:
    """The notice as a whole HTML page (styled by the site's stylesheet)."""
    kept = settings.retention
    controller = escape(settings.privacy.controller)
    contact = escape(settings.privacy.contact or team_email)
    return f"""<!doctype html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Privacy notice | {controller}</title>
  <link rel="stylesheet" href="/site.css">
</head>
<body>
  <main class="notice">
    <h1>Privacy notice</h1>
    <p><strong>{controller}</strong> is the controller of the personal data our chat
      assistant and booking service collect. Contact: {contact}.</p>
    <h2>What we keep and why</h2>
    <ul>
      <li><strong>The conversation</strong> with the assistant, including what you tell it
        about your pain and health, so it can answer you and pick up where you left off.
        Kept for {kept.conversation_days} days after your last message.</li>
      <li><strong>A booking or call-back request</strong>: your name, phone or e-mail,
        postcode, notes and a short summary of where it hurts, passed to our team and
        booking system to arrange and prepare the visit. The personal details are removed
        {kept.booking_days} days after the visit (call-back requests {kept.callback_days}
        days after you ask); what is left (the time, length and area of a visit) says
        nothing about you.</li>
      <li><strong>On text messaging apps</strong>, the numbered options last offered to you,
        for {kept.options_hours} hours.</li>
    </ul>
    <p>Health details are special category data: we use them only with your consent, to
      give you advice and to prepare your therapist. We do not sell them or use them for
      advertising. The assistant does not diagnose.</p>
    <h2>Your rights</h2>
    <p>Ask the assistant to <em>delete my data</em> and, once you confirm, it deletes the
      conversation and any booking or call-back request made from it. For a copy of what
      we hold, or to have it deleted from every channel you used, contact {contact}. You
      can also complain to the Information Commissioner's Office.</p>
    <p><a href="/">Back to booking</a></p>
  </main>
</body>
</html>
"""
