"""What a caller hears when something went wrong. Needs no call row, and works when the
database is gone (a staff recording of a prompt is then skipped for the built voice)."""

from __future__ import annotations

from twilio.twiml.voice_response import VoiceResponse

from voice.speech import Voice


def apology(voice: Voice, restart_url: str) -> VoiceResponse:
    """Sorry, then `1` start again or `0` a person; on silence a goodbye."""
    response = VoiceResponse()
    voice.speak(response, "error.apology")
    gather = response.gather(
        action=restart_url, method="POST", input="dtmf", num_digits=1, timeout=10
    )
    voice.speak(gather, "error.choices")
    voice.speak(response, "keys.goodbye")
    response.hangup()
    return response


def outage(voice: Voice, staff_number: str) -> VoiceResponse:
    """For Twilio's fallback URL (a TwiML Bin): the service is down; try the centre directly."""
    response = VoiceResponse()
    voice.say_only(response, "error.outage")
    if staff_number:
        voice.say_only(response, "person.connecting")
        response.dial(timeout=25).number(staff_number)
    voice.say_only(response, "keys.goodbye")
    response.hangup()
    return response
