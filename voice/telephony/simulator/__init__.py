"""The phone simulator: plays Twilio's part so the service can be called without Twilio."""

from voice.telephony.simulator.call import SimulatedCall, TwiMLRejected
from voice.telephony.simulator.phone_system import SERVICE_NUMBER, PhoneSystem
from voice.telephony.simulator.schema import Problem, validate
from voice.telephony.simulator.verbs import Event

__all__ = [
    "SERVICE_NUMBER",
    "Event",
    "PhoneSystem",
    "Problem",
    "SimulatedCall",
    "TwiMLRejected",
    "validate",
]
