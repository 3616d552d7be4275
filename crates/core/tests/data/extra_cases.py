"""Writes extra-cases.json: more waiting-time cases in the shared case format, one or more per rule and event type.

Expected values are worked out here from pathway-rules.md by plain date arithmetic (independently of the Rust
engine). Run: python3 extra_cases.py > extra-cases.json
"""
import json
from datetime import date, timedelta

D = date.fromisoformat


def days(a, b):
    return (D(b) - D(a)).days


def plus(a, n):
    return (D(a) + timedelta(days=n)).isoformat()


def band(n):
    if n >= 729:
        return "104+"
    if n <= 7:
        return "0-1"
    up = -(-n // 7)
    return f"{up - 1}-{up}"


def running(start, as_of, **more):
    n = days(start, as_of)
    out = {"clock_running": True, "clock_start": start, "days_waited": n, "weeks_waited": n // 7,
           "reporting_band_weeks": band(n), "within_18_weeks": n <= 126, "deadline_18w": plus(start, 126),
           "breach_date": plus(start, 127), "over_52_weeks": n > 364}
    out.update(more)
    return out


def stopped(start, stop, status, **more):
    n = days(start, stop)
    out = {"clock_running": False, "clock_start": start, "stopped_on": stop, "stop_status": status,
           "days_waited": n, "weeks_waited": n // 7, "reporting_band_weeks": band(n), "within_18_weeks": n <= 126,
           "deadline_18w": plus(start, 126), "breach_date": plus(start, 127)}
    out.update(more)
    return out


def ev(d, t, **attrs):
    e = {"type": t}
    if d:
        e["date"] = d
    e.update(attrs)
    return e


RTT = "RTT Recording & Reporting guidance v5.0 (NHS England, Feb 2025)"
CWT = "National Cancer Waiting Times Monitoring Dataset Guidance v12.1 (NHS England, Jul 2025)"
cases = []


def case(id, kind, title, events, as_of, expect, why, confidence="high"):
    cases.append({"id": id, "kind": kind, "title": title, "events": events, "as_of": as_of, "expect": expect,
                  "why": why, "confidence": confidence})


# ---------------------------------------------------------------- RTT clock starts (rules §1.2)
case("X-RTT-01", "rtt", "e-RS: clock starts when the patient converts the UBRN",
     [ev("2025-01-02", "ers_referral_created", ubrn="000012345678"), ev("2025-01-09", "ubrn_converted"),
      ev("2025-01-10", "referral_received", source="gp", via="ers")],
     "2025-03-10", running("2025-01-09", "2025-03-10"),
     f"e-RS clock starts on UBRN conversion, not on creation or later receipt ({RTT} 3.2.1).")
case("X-RTT-02", "rtt", "e-RS referral not yet booked: no clock",
     [ev("2025-01-02", "ers_referral_created", ubrn="000012345679")], "2025-01-20",
     {"clock_running": False, "clock_start": None},
     f"Creating the e-Referral does not start a clock; conversion does ({RTT} 3.2.1).")
case("X-RTT-03", "rtt", "Interface service: clock keeps the date the interface service received the referral",
     [ev("2025-01-06", "referral_received", source="gp", provider="CAS"),
      ev("2025-02-03", "referral_received", source="interface_service", provider="ACUTE")],
     "2025-03-03", running("2025-01-06", "2025-03-03"),
     f"GP -> interface -> acute: the start is the interface receipt date ({RTT} 3.2.2, 11.3).")
case("X-RTT-04", "rtt", "Ratified self-referral starts the clock on receipt",
     [ev("2025-02-03", "referral_received", source="self", ratified_by_care_professional=True)],
     "2025-03-03", running("2025-02-03", "2025-03-03"), f"Rule 2 ({RTT} 3.3).")
case("X-RTT-05", "rtt", "Self-referral not yet ratified: no clock",
     [ev("2025-02-03", "referral_received", source="self", ratified_by_care_professional=False)],
     "2025-03-03", {"clock_running": False, "clock_start": None},
     f"Rule 2: the clock starts once ratified by a permitted care professional ({RTT} 3.3).", "medium")
case("X-RTT-06", "rtt", "Bilateral: second side starts a new clock when fit and ready",
     [ev("2025-01-06", "referral_received", source="gp"), ev("2025-02-03", "outpatient_attended", first=True),
      ev("2025-03-03", "admitted", purpose="first_definitive_treatment", procedure_done=True),
      ev("2025-06-02", "fit_and_ready_second_bilateral")],
     "2025-07-01", running("2025-06-02", "2025-07-01", previous_clock={
         "clock_start": "2025-01-06", "stopped_on": "2025-03-03", "stop_status": "30", "days_waited": 56}),
     f"Rule 3a: second of a bilateral pair starts when fit and ready ({RTT} 3.4.1).")
case("X-RTT-07", "rtt", "Substantively new treatment starts a new clock at the decision",
     [ev("2025-01-06", "referral_received", source="gp"),
      ev("2025-02-03", "first_definitive_treatment", setting="outpatient"),
      ev("2025-05-05", "decision_to_treat", substantively_new_treatment=True, treatment="surgery")],
     "2025-06-02", running("2025-05-05", "2025-06-02", previous_clock={"stop_status": "30", "days_waited": 28}),
     f"Rule 3b ({RTT} 3.4.2).")
case("X-RTT-08", "rtt", "Patient-initiated active monitoring (31), then the patient decides to go ahead",
     [ev("2025-01-13", "referral_received", source="gp"), ev("2025-02-10", "outpatient_attended", first=True),
      ev("2025-02-10", "active_monitoring_start", initiated_by="patient", reason="wants to wait"),
      ev("2025-04-14", "outpatient_attended"), ev("2025-06-02", "patient_decides_to_proceed")],
     "2025-07-07", running("2025-06-02", "2025-07-07", first_activity_status="11", previous_clock={
         "clock_start": "2025-01-13", "stopped_on": "2025-02-10", "stop_status": "31", "days_waited": 28}),
     f"Active monitoring stops the clock; going ahead starts a new one at zero ({RTT} 3.4.4, 8.3).")
case("X-RTT-09", "rtt", "Clinician decides to re-offer after a nullifying first DNA: new clock on that decision",
     [ev("2025-03-03", "referral_received", source="gp"),
      ev("2025-04-07", "appointment_dna", first=True, clearly_communicated=True),
      ev("2025-04-10", "clinician_decides_reoffer")],
     "2025-05-12", running("2025-04-10", "2025-05-12", previous_clock={
         "clock_start": "2025-03-03", "stopped_on": "2025-04-07", "stop_status": "33", "nullified": True,
         "reported": False}),
     f"Rule 3e: the clinician's decision to re-offer starts the new clock ({RTT} 3.4.5, 4.4.1.3).")

# ---------------------------------------------------------------- DNAs (§1.4)
case("X-RTT-10", "rtt", "First DNA not clearly communicated: no nullification, clock runs on",
     [ev("2025-03-03", "referral_received", source="gp"),
      ev("2025-04-07", "appointment_dna", first=True, clearly_communicated=False),
      ev("2025-04-08", "appointment_rebooked_by_provider")],
     "2025-05-12", running("2025-03-03", "2025-05-12"), f"{RTT} 4.4.1.3, fn 10.")
case("X-RTT-11", "rtt", "First DNA nullified, not yet rebooked: no clock is reported",
     [ev("2025-03-03", "referral_received", source="gp"),
      ev("2025-04-07", "appointment_dna", first=True, clearly_communicated=True)],
     "2025-05-12", {"clock_running": False, "stopped_on": "2025-04-07", "stop_status": "33", "nullified": True,
                    "reported": False},
     f"A nullified period is removed from numerator and denominator ({RTT} 4.4.1.3).")
case("X-RTT-12", "rtt", "Follow-up DNA and discharge under the DNA policy: stop on the DNA date, show discharge",
     [ev("2025-03-03", "referral_received", source="gp"), ev("2025-03-24", "outpatient_attended", first=True),
      ev("2025-05-19", "appointment_dna", first=False, clearly_communicated=True),
      ev("2025-05-27", "clinician_reviews_and_discharges_to_gp", applies_to_dna_on="2025-05-19",
         per_published_dna_policy=True)],
     "2025-06-30", stopped("2025-03-03", "2025-05-19", "34", dna_date="2025-05-19", discharge_date="2025-05-27"),
     f"Stop date ambiguous in {RTT} 4.4.1.3; rules doc recommends the DNA date; status 34 assumed.", "medium")
case("X-RTT-13", "rtt", "Follow-up DNA, discharge outside the published DNA policy: clock not stopped",
     [ev("2025-03-03", "referral_received", source="gp"), ev("2025-03-24", "outpatient_attended", first=True),
      ev("2025-05-19", "appointment_dna", first=False, clearly_communicated=True),
      ev("2025-05-27", "clinician_reviews_and_discharges_to_gp", applies_to_dna_on="2025-05-19",
         per_published_dna_policy=False)],
     "2025-06-30", running("2025-03-03", "2025-06-30"),
     f"All four conditions must hold for a DNA discharge to stop the clock ({RTT} 4.4.1.3); flagged for review.",
     "low")
case("X-RTT-14", "rtt", "Two-week-wait first DNA does not end the period",
     [ev("2025-01-06", "referral_received", source="gp", route="urgent_suspected_cancer"),
      ev("2025-01-20", "appointment_dna", first=True, clearly_communicated=True)],
     "2025-02-03", running("2025-01-06", "2025-02-03"),
     "NHS Data Dictionary, Referral To Treatment Period (older wording).", "medium")

# ---------------------------------------------------------------- admissions and stops (§1.3)
case("X-RTT-15", "rtt", "Diagnostic admission does not stop the clock",
     [ev("2025-01-06", "referral_received", source="gp"), ev("2025-01-27", "decision_to_admit"),
      ev("2025-02-10", "admitted", purpose="diagnostic_only")],
     "2025-03-03", running("2025-01-06", "2025-03-03"), f"{RTT} 4.3.2.3.")
case("X-RTT-16", "rtt", "Hospital-cancelled and not-done admissions do not stop; the admission that treats does",
     [ev("2025-01-06", "referral_received", source="gp"), ev("2025-01-27", "decision_to_admit"),
      ev("2025-02-10", "admitted", purpose="first_definitive_treatment", procedure_done=False,
         cancelled_by="provider", reason="no bed"),
      ev("2025-02-24", "admitted", purpose="first_definitive_treatment", procedure_done=False,
         reason="patient temporarily unfit"),
      ev("2025-03-10", "admitted", purpose="first_definitive_treatment", procedure_done=True)],
     "2025-04-01", stopped("2025-01-06", "2025-03-10", "30"), f"{RTT} 4.3.2.3.")
case("X-RTT-16b", "rtt", "Admitted treatment the day after admission: the clock stops on the admission date",
     [ev("2025-01-06", "referral_received", source="gp"), ev("2025-01-27", "decision_to_admit"),
      ev("2025-03-09", "admitted"),
      ev("2025-03-10", "first_definitive_treatment", setting="admitted", modality="surgery")],
     "2025-04-01", stopped("2025-01-06", "2025-03-09", "30"),
     f"Admitted treatment stops the clock on the admission date, even if surgery is the next day ({RTT} 4.3.2.3).")
case("X-RTT-17", "rtt", "Patient declines treatment: status 35",
     [ev("2025-01-06", "referral_received", source="gp"), ev("2025-02-03", "outpatient_attended", first=True),
      ev("2025-02-17", "patient_declines_all_treatment", communicated=True)],
     "2025-03-03", stopped("2025-01-06", "2025-02-17", "35"), f"Rule 5c ({RTT} 4.4.1.2, Annex E).")
case("X-RTT-18", "rtt", "Death before treatment: status 36, stop on the date the hospital is told, show both",
     [ev("2025-01-06", "referral_received", source="gp"), ev("2025-02-14", "patient_died"),
      ev("2025-02-20", "hospital_informed_of_death")],
     "2025-03-03", stopped("2025-01-06", "2025-02-20", "36", date_of_death="2025-02-14",
                           hospital_informed_on="2025-02-20"),
     f"{RTT} 4.4.1.2(iii): administrative stop on the date of communication; date of death vs date informed is "
     "not fixed by the guidance (OpenSAFELY issue #12: recorded when the family informs the hospital).", "medium")
case("X-RTT-18b", "rtt", "Death recorded without the date the hospital was told: stop on the date of death",
     [ev("2025-01-06", "referral_received", source="gp"), ev("2025-02-14", "patient_died")],
     "2025-03-03", stopped("2025-01-06", "2025-02-14", "36"), f"{RTT} 4.4.1.2(iii).", "medium")
case("X-RTT-11b", "rtt", "First DNA nullified, then the clinician discharges to the GP: stays nullified",
     [ev("2025-03-03", "referral_received", source="gp"),
      ev("2025-04-07", "appointment_dna", first=True, clearly_communicated=True),
      ev("2025-04-14", "clinician_reviews_and_discharges_to_gp", applies_to_dna_on="2025-04-07",
         per_published_dna_policy=True)],
     "2025-05-12", {"clock_running": False, "stopped_on": "2025-04-07", "stop_status": "33", "nullified": True,
                    "reported": False, "discharge_date": "2025-04-14"},
     f"{RTT} 4.4.1.3; Data Dictionary Discharge After Patient Did Not Attend (first appointment: excluded).")
case("X-RTT-29b", "rtt", "Referral for a separate condition to another provider: clock starts when it is received",
     [ev("2025-01-06", "referral_received", source="gp", pathway="P1"),
      ev("2025-02-03", "consultant_referral_new_condition", new_pathway="P2", to_specialty="cardiology",
         same_provider=False, pathway="P1"),
      ev("2025-02-10", "referral_received", source="consultant", provider="C", pathway="P2")],
     "2025-03-03", {"pathways": {"P1": running("2025-01-06", "2025-03-03"),
                                 "P2": running("2025-02-10", "2025-03-03")}},
     f"Another provider's clock starts on receipt ({RTT} 3.4.2).", "medium")
case("X-RTT-19", "rtt", "Death known only when the hospital is told: stop on that date",
     [ev("2025-01-06", "referral_received", source="gp"), ev("2025-02-20", "hospital_informed_of_death")],
     "2025-03-03", stopped("2025-01-06", "2025-02-20", "36"), f"{RTT} 4.4.1.2(iii); OpenSAFELY issue #12.",
     "medium")
case("X-RTT-20", "rtt", "Added to a matched transplant list: status 34 on the date communicated",
     [ev("2025-01-06", "referral_received", source="gp"), ev("2025-02-03", "outpatient_attended", first=True),
      ev("2025-03-03", "added_to_transplant_list", matched_transplant=True, communicated_to_patient=True)],
     "2025-04-01", stopped("2025-01-06", "2025-03-03", "34"), f"{RTT} 4.3.2.4, fn 18.")
case("X-RTT-21", "rtt", "Unmatched transplant: listing does not stop; the admission does",
     [ev("2025-01-06", "referral_received", source="gp"),
      ev("2025-03-03", "added_to_transplant_list", matched_transplant=False, communicated_to_patient=True),
      ev("2025-04-07", "admitted", purpose="first_definitive_treatment", procedure_done=True)],
     "2025-05-01", stopped("2025-01-06", "2025-04-07", "30"), f"{RTT} 4.3.2.4, fn 18.")
case("X-RTT-22", "rtt", "Declined dates, cancellations and thinking time never pause the clock",
     [ev("2025-01-06", "referral_received", source="gp"),
      ev("2025-01-20", "patient_cancelled", appointment_date="2025-01-27", first=True),
      ev("2025-02-10", "outpatient_attended", first=True), ev("2025-02-10", "decision_to_admit"),
      ev("2025-02-11", "thinking_time_agreed", days=7),
      ev("2025-02-20", "tci_offer_declined", offered_date="2025-03-20", notice_days=28),
      ev("2025-03-01", "tci_offer_declined", offered_date="2025-04-03", notice_days=33),
      ev("2025-03-05", "patient_contacts_to_rebook")],
     "2025-05-12", running("2025-01-06", "2025-05-12"),
     f"No pauses since 1 Oct 2015; declines do not stop the clock by themselves ({RTT} 4.4.2.1, 8.3, 10.1.1.2).")
case("X-RTT-23", "rtt", "After two declined reasonable offers the clinician agrees active monitoring (32)",
     [ev("2025-01-06", "referral_received", source="gp"), ev("2025-02-10", "outpatient_attended", first=True),
      ev("2025-02-20", "tci_offer_declined", offered_date="2025-03-20", notice_days=28),
      ev("2025-03-01", "tci_offer_declined", offered_date="2025-04-03", notice_days=33),
      ev("2025-03-10", "active_monitoring_start", initiated_by="clinician", reason="two declined offers")],
     "2025-04-01", stopped("2025-01-06", "2025-03-10", "32"), f"{RTT} 8.3, 4.4.1.4.")
case("X-RTT-24", "rtt", "Decision not to treat not yet communicated: clock runs until it is",
     [ev("2025-01-20", "referral_received", source="gp"),
      ev("2025-03-17", "decision_not_to_treat", communicated_to_patient=False),
      ev("2025-03-24", "decision_not_to_treat", communicated_to_patient=True)],
     "2025-04-01", stopped("2025-01-20", "2025-03-24", "34"), f"Rule 5d: stops when communicated ({RTT} 4.4.1.1).")

# ---------------------------------------------------------------- counting (§1.8)
case("X-RTT-25", "rtt", "Over 104 weeks: band 104+",
     [ev("2023-01-02", "referral_received", source="gp")], "2025-01-01",
     running("2023-01-02", "2025-01-01", over_65_weeks=True, over_78_weeks=True, over_104_weeks=True),
     f"104+ band from 729 days ({RTT} 10.1.7).")
case("X-RTT-26", "rtt", "Treated the day the referral arrived: 0 days, band 0-1",
     [ev("2025-01-06", "referral_received", source="gp"),
      ev("2025-01-06", "first_definitive_treatment", setting="outpatient")],
     "2025-01-10", stopped("2025-01-06", "2025-01-06", "30"), f"{RTT} 10.1.7.")
case("X-RTT-27", "rtt", "Re-referral after the clock stopped starts a new clock",
     [ev("2025-01-06", "referral_received", source="gp"),
      ev("2025-02-03", "decision_not_to_treat", communicated_to_patient=True),
      ev("2025-06-02", "referral_received", source="gp")],
     "2025-07-01", running("2025-06-02", "2025-07-01", previous_clock={"stop_status": "34", "days_waited": 28}),
     f"Rule 3c ({RTT} 3.4.3).")
case("X-RTT-28", "rtt", "Transfer, then treatment at the receiving provider",
     [ev("2025-01-02", "referral_received", source="gp", provider="A"),
      ev("2025-01-27", "inter_provider_transfer_sent", **{"from": "A", "to": "B", "iptamds_rtt_start": "2025-01-02"}),
      ev("2025-01-28", "referral_received", source="inter_provider_transfer", provider="B"),
      ev("2025-03-31", "first_definitive_treatment", setting="outpatient", provider="B")],
     "2025-04-30", stopped("2025-01-02", "2025-03-31", "30", reporting_provider="B", provider_A_status="21"),
     f"{RTT} 11.3.")
case("X-RTT-29", "rtt", "Consultant referral for a separate condition: new pathway, status 12",
     [ev("2025-01-06", "referral_received", source="gp", pathway="P1"),
      ev("2025-02-03", "outpatient_attended", first=True, pathway="P1"),
      ev("2025-02-03", "consultant_referral_new_condition", new_pathway="P2", to_specialty="cardiology",
         same_provider=True, pathway="P1"),
      ev("2025-03-03", "first_definitive_treatment", setting="outpatient", pathway="P1")],
     "2025-04-01", {"pathways": {
         "P1": stopped("2025-01-06", "2025-03-03", "30"),
         "P2": running("2025-02-03", "2025-04-01", first_activity_status="12")}},
     f"{RTT} 3.4.2, Annex E.")
case("X-RTT-30", "rtt", "Leap day counts as a normal day",
     [ev("2024-02-28", "referral_received", source="gp")], "2024-03-01", running("2024-02-28", "2024-03-01"),
     "Calendar arithmetic (rules section 6).")
case("X-RTT-31", "rtt", "Activity during active monitoring does not restart the clock",
     [ev("2025-01-13", "referral_received", source="gp"), ev("2025-02-10", "outpatient_attended", first=True),
      ev("2025-02-10", "active_monitoring_start", initiated_by="clinician"), ev("2025-05-12", "outpatient_attended")],
     "2025-06-02", stopped("2025-01-13", "2025-02-10", "32"), f"Status 91 activity ({RTT} 4.4.1.4, Annex E).")

# ---------------------------------------------------------------- cancer
USC = "urgent_suspected_cancer"


def cwt(start, end, standard, fs=0, ta=0, **more):
    adj = fs + ta
    n = days(start, end) - adj
    out = {"clock_start": start, "days": n, "deadline": plus(start, adj + standard), "within_standard": n <= standard,
           "adjustment_days": adj}
    out.update(more)
    return out


case("X-CWT28-01", "cwt28", "FDS: first appointment DNA adjusts to the rebooking date",
     [ev("2025-03-03", "referral_received", route=USC),
      ev("2025-03-10", "appointment_dna", first=True, clearly_communicated=True),
      ev("2025-03-12", "patient_contacts_to_rebook"), ev("2025-03-17", "first_seen"),
      ev("2025-04-07", "outcome_communicated", outcome="cancer_ruled_out")],
     "2025-04-07", cwt("2025-03-03", "2025-04-07", 28, fs=9, end_date="2025-04-07"),
     "Adjustment size unconfirmed (rules 2.3): referral receipt to rebooking date.", "low")
case("X-CWT28-02", "cwt28", "FDS applies to breast symptomatic referrals",
     [ev("2025-05-01", "referral_received", route="breast_symptomatic"), ev("2025-05-09", "first_seen"),
      ev("2025-06-02", "outcome_communicated", outcome="cancer_ruled_out")],
     "2025-06-02", cwt("2025-05-01", "2025-06-02", 28, applicable=True, end_date="2025-06-02"), f"{CWT} 1.1.")
case("X-CWT28-03", "cwt28", "FDS applies to urgent screening referrals (lung)",
     [ev("2025-05-01", "referral_received", route="screening", programme="lung"), ev("2025-05-09", "first_seen"),
      ev("2025-05-27", "outcome_communicated", outcome="cancer_diagnosed")],
     "2025-05-27", cwt("2025-05-01", "2025-05-27", 28, applicable=True, end_reason="cancer_diagnosed"), f"{CWT} 1.1.")
case("X-CWT28-04", "cwt28", "Consultant upgrades are not in FDS",
     [ev("2025-04-14", "referral_received", route="routine"), ev("2025-05-07", "first_seen"),
      ev("2025-05-12", "consultant_upgrade")],
     "2025-05-20", {"applicable": False}, f"{CWT} 1.1 lists only three referral routes for FDS.", "medium")
case("X-CWT28-05", "cwt28", "FDS ends at a decision to treat when that comes first",
     [ev("2025-02-03", "referral_received", route=USC), ev("2025-02-10", "first_seen"),
      ev("2025-02-24", "decision_to_treat", treatment_stage="first", modality="surgery"),
      ev("2025-03-10", "outcome_communicated", outcome="cancer_diagnosed")],
     "2025-03-10", cwt("2025-02-03", "2025-02-24", 28, end_date="2025-02-24", end_reason="decision_to_treat"),
     "NHS Data Dictionary, Cancer Faster Diagnosis Pathway.")
case("X-CWT28-06", "cwt28", "FDS still running on the census date",
     [ev("2025-02-03", "referral_received", route=USC), ev("2025-02-10", "first_seen")],
     "2025-02-23", cwt("2025-02-03", "2025-02-23", 28, end_date=None), f"{CWT} 1.1.")
case("X-CWT62-01", "cwt62", "Upgrade before the first appointment keeps the first-seen DNA adjustment",
     [ev("2025-04-01", "referral_received", route="routine"), ev("2025-04-03", "consultant_upgrade"),
      ev("2025-04-08", "appointment_dna", first=True, clearly_communicated=True),
      ev("2025-04-10", "patient_contacts_to_rebook"), ev("2025-04-15", "first_seen"),
      ev("2025-06-10", "first_definitive_treatment", modality="surgery", setting="admitted")],
     "2025-06-10", cwt("2025-04-03", "2025-06-10", 62, fs=7, first_seen_adjustment_days=7,
                       treatment_adjustment_days=0, route="consultant_upgrade", treatment_date="2025-06-10"),
     "Upgrade date starts the clock (CWT 1.1); adjustment applies when upgrade <= first seen (S10).", "low")
case("X-CWT62-02", "cwt62", "Declined admission offer: treatment adjustment",
     [ev("2025-03-05", "referral_received", route=USC), ev("2025-04-08", "decision_to_treat"),
      ev("2025-04-10", "admission_offer_declined", offered_date="2025-04-22", patient_available_from="2025-05-06"),
      ev("2025-05-20", "first_definitive_treatment", setting="admitted", modality="surgery")],
     "2025-05-20", cwt("2025-03-05", "2025-05-20", 62, ta=14, treatment_adjustment_days=14,
                       first_seen_adjustment_days=0),
     "Treatment adjustment eligibility and size unconfirmed (rules 2.4).", "low")
case("X-CWT62-03", "cwt62", "Transfer by day 38 but treating provider took 28 days: whole breach to treating",
     [ev("2025-01-06", "referral_received", route=USC), ev("2025-01-13", "first_seen"),
      ev("2025-02-10", "inter_provider_transfer_received", **{"from": "A", "to": "B"}),
      ev("2025-03-10", "first_definitive_treatment", provider="B")],
     "2025-03-10", cwt("2025-01-06", "2025-03-10", 62, days_to_transfer=35, transfer_by_day_38=True,
                       days_at_treating_provider=28, treated_within_24_days_of_transfer=False,
                       allocation={"A": {"numerator": 0, "denominator": 0}, "B": {"numerator": 0, "denominator": 1}}),
     "National Cancer Breach Allocation Guidance (day 38) and S10's 24-day allocation.", "medium")
case("X-CWT62-04", "cwt62", "Transfer by day 38, treated in time: shared half and half",
     [ev("2025-01-06", "referral_received", route=USC),
      ev("2025-02-05", "inter_provider_transfer_received", **{"from": "A", "to": "B"}),
      ev("2025-02-25", "first_definitive_treatment", provider="B")],
     "2025-02-25", cwt("2025-01-06", "2025-02-25", 62, days_to_transfer=30, transfer_by_day_38=True,
                       allocation={"A": {"numerator": 0.5, "denominator": 0.5},
                                   "B": {"numerator": 0.5, "denominator": 0.5}}),
     "National Cancer Breach Allocation Guidance.", "medium")
case("X-CWT62-05", "cwt62", "Urgent screening referral starts the 62-day clock",
     [ev("2025-01-06", "referral_received", route="screening", programme="bowel"),
      ev("2025-03-07", "treatment_start", treatment_stage="first", modality="surgery")],
     "2025-03-07", cwt("2025-01-06", "2025-03-07", 62, route="screening"), f"{CWT} 1.1.")
case("X-CWT62-06", "cwt62", "Urgent referral later upgraded: the referral date still starts the clock",
     [ev("2025-01-06", "referral_received", route=USC), ev("2025-01-20", "first_seen"),
      ev("2025-01-27", "consultant_upgrade")],
     "2025-03-31", cwt("2025-01-06", "2025-03-31", 62, route=USC, treatment_date=None),
     "Upgrade is a route for patients not already on an urgent pathway (rules 2.1, 2.4).", "medium")
case("X-CWT31-01", "cwt31", "Subsequent treatment: 31 days from the ECAD",
     [ev("2025-06-02", "decision_to_treat", treatment_stage="first", modality="surgery"),
      ev("2025-06-20", "treatment_start", treatment_stage="first", modality="surgery"),
      ev("2025-07-01", "decision_to_treat", treatment_stage="subsequent", modality="radiotherapy"),
      ev("2025-07-01", "earliest_clinically_appropriate_date_set", ecad="2025-08-11", reason="wound healing"),
      ev("2025-09-12", "treatment_start", treatment_stage="subsequent", modality="radiotherapy")],
     "2025-09-12", cwt("2025-08-11", "2025-09-12", 31, start_basis="ECAD", treatment_date="2025-09-12"),
     f"{CWT} 1.1 (ECAD for subsequent treatments).", "medium")
case("X-CWT31-02", "cwt31", "Subsequent treatment without an ECAD: from the decision to treat",
     [ev("2025-07-01", "decision_to_treat", treatment_stage="subsequent", modality="drug"),
      ev("2025-07-29", "treatment_start", treatment_stage="subsequent", modality="drug")],
     "2025-07-29", cwt("2025-07-01", "2025-07-29", 31, start_basis="DTT"), "ECAD rules unconfirmed (rules 2.5).",
     "low")
case("X-CWT31-03", "cwt31", "Day 32 is a breach",
     [ev("2025-06-02", "decision_to_treat", treatment_stage="first"),
      ev("2025-07-04", "treatment_start", treatment_stage="first", modality="radiotherapy")],
     "2025-07-04", cwt("2025-06-02", "2025-07-04", 31, start_basis="DTT"), f"{CWT} 1.1.")
case("X-CWT31-04", "cwt31", "First treatment with a declined admission offer",
     [ev("2025-06-02", "decision_to_treat", treatment_stage="first", modality="surgery"),
      ev("2025-06-05", "admission_offer_declined", offered_date="2025-06-16", patient_available_from="2025-06-23"),
      ev("2025-07-08", "first_definitive_treatment", setting="admitted", modality="surgery")],
     "2025-07-08", cwt("2025-06-02", "2025-07-08", 31, ta=7, treatment_adjustment_days=7),
     "Treatment adjustment unconfirmed (rules 2.4/2.5).", "low")

# ---------------------------------------------------------------- NHS number (§3)
for id, value, norm, s, r, c, valid, reason, conf in [
    ("X-NHS-01", "401 023 2137", "4010232137", 92, 4, 7, True, None, "high"),
    ("X-NHS-02", "485-777-3457", "4857773457", 312, 4, 7, True, None, "high"),
    ("X-NHS-03", "4000000020", "4000000020", 44, 0, 0, True, None, "high"),
    ("X-NHS-04", "123 456 7890", "1234567890", 210, 1, 10, False,
     "check digit computes to 10: number can never be valid", "high"),
    ("X-NHS-05", "1111111111", "1111111111", 54, 10, 1, False, None, "medium"),
]:
    expect = {"normalised": norm, "weighted_sum": s, "remainder": r, "computed_check_digit": c, "valid": valid}
    if reason:
        expect["reason"] = reason
    if id == "X-NHS-05":
        expect["all_digits_equal"] = True
    case(id, "nhs_number", None, [ev(None, "nhs_number_entered", value=value)], None, expect,
         "NHS Data Dictionary, NHS NUMBER (Modulus 11).", conf)
case("X-NHS-06", "nhs_number", "Letters are refused", [ev(None, "nhs_number_entered", value="94347659AB")], None,
     {"normalised": "94347659AB", "valid": False}, "Only digits, spaces and hyphens (rules 3).")

# ---------------------------------------------------------------- working days (§4)
case("X-WD-01", "working_days", "Easter 2026", [ev("2026-04-02", "request_received"),
                                                 ev(None, "letter_due_rule", working_days=3)],
     "2026-04-02", {"due_date": "2026-04-09", "bank_holidays_skipped": ["2026-04-03", "2026-04-06"],
                    "working_days_counted": 3}, "GOV.UK bank holidays (England and Wales).")
case("X-WD-02", "working_days", "Christmas 2026 with a substitute Boxing Day",
     [ev("2026-12-24", "clinic_attended"), ev("2026-12-31", "triaged")], "2026-12-31",
     {"working_days_elapsed": 3, "bank_holidays_skipped": ["2026-12-25", "2026-12-28"]},
     "26 Dec 2026 is a Saturday: substitute Monday 28 Dec.")
case("X-WD-03", "working_days", "New Year 2028 substitute day",
     [ev("2027-12-24", "clinic_attended"), ev(None, "letter_due_rule", working_days=5)], "2027-12-24",
     {"due_date": "2028-01-05", "bank_holidays_skipped": ["2027-12-27", "2027-12-28", "2028-01-03"]},
     "Substitute days 27 and 28 Dec 2027 and 3 Jan 2028.", "medium")
case("X-WD-04", "working_days", "List 2027 bank holidays",
     [ev(None, "list_bank_holidays", region="england_and_wales", year=2027)], None,
     {"bank_holidays": ["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30",
                        "2027-12-27", "2027-12-28"], "substitute_days": ["2027-12-27", "2027-12-28"]},
     "GOV.UK bank holidays (England and Wales).")
case("X-WD-05", "working_days", "Referral to triage across the Summer bank holiday 2025",
     [ev("2025-08-22", "referral_received"), ev("2025-08-28", "triaged")], "2025-08-28",
     {"working_days_elapsed": 3, "bank_holidays_skipped": ["2025-08-25"]}, "Summer bank holiday 25 Aug 2025.")

# ---------------------------------------------------------------- every running clock and the next deadline
def deadlines(as_of, **running):
    """running: {standard: deadline}; the result lists them by deadline then name, with the next one."""
    order = sorted(running.items(), key=lambda kv: (kv[1], kv[0]))
    nxt = None
    if order:
        nxt = {"standard": order[0][0], "date": order[0][1], "days_left": days(as_of, order[0][1])}
    return {"running": [k for k, _ in order], "deadlines": dict(order), "next_deadline": nxt}


USC = dict(source="gp", route="urgent_suspected_cancer")
case("X-PW-01", "pathway", "Cancer ruled out: the 28-day and 62-day clocks stop, RTT runs on",
     [ev("2026-10-01", "referral_received", **USC), ev("2026-10-10", "first_seen"),
      ev("2026-10-20", "outcome_communicated", outcome="cancer_ruled_out")], "2026-11-01",
     deadlines("2026-11-01", rtt=plus("2026-10-01", 126)),
     "FDS ends at the outcome; the 62-day standard does not apply once cancer is ruled out without treatment "
     "(" + CWT + "); the RTT clock runs to treatment (" + RTT + ").")
case("X-PW-02", "pathway", "Diagnosed and a decision to treat: the 31-day clock is next",
     [ev("2026-10-01", "referral_received", **USC), ev("2026-10-20", "outcome_communicated", outcome="cancer_diagnosed"),
      ev("2026-10-26", "decision_to_treat", treatment_stage="first")], "2026-11-01",
     deadlines("2026-11-01", cwt31=plus("2026-10-26", 31), cwt62=plus("2026-10-01", 62), rtt=plus("2026-10-01", 126)),
     "31-day from the decision to treat, 62-day from the referral, RTT from the referral; none treated yet.")
case("X-PW-03", "pathway", "Treated: every clock has stopped, no next deadline",
     [ev("2026-09-01", "referral_received", **USC), ev("2026-09-20", "outcome_communicated", outcome="cancer_diagnosed"),
      ev("2026-09-25", "decision_to_treat", treatment_stage="first"),
      ev("2026-10-15", "first_definitive_treatment", setting="admitted")], "2026-11-01",
     deadlines("2026-11-01"),
     "First definitive treatment ends the 31-day and 62-day clocks and stops the RTT clock.")
case("X-PW-04", "pathway", "Routine referral with a decision to treat: no cancer standard applies",
     [ev("2026-08-03", "referral_received", source="gp", route="routine"),
      ev("2026-09-01", "outpatient_attended", first=True), ev("2026-09-01", "decision_to_treat")], "2026-11-01",
     deadlines("2026-11-01", rtt=plus("2026-08-03", 126)),
     "The cancer standards cover cancer routes, consultant upgrades and diagnosed cancers only (" + CWT + ").")
case("X-PW-05", "pathway", "Consultant upgrade of a routine referral starts a 62-day clock from the upgrade",
     [ev("2026-09-01", "referral_received", source="gp", route="routine"), ev("2026-09-15", "consultant_upgrade")],
     "2026-10-01", deadlines("2026-10-01", cwt62=plus("2026-09-15", 62), rtt=plus("2026-09-01", 126)),
     "An upgrade starts the 62-day standard (no 28-day) on the upgrade date (" + CWT + ").")
case("X-PW-06", "pathway", "The 28-day deadline passed without an outcome: still running, days left negative",
     [ev("2026-10-01", "referral_received", **USC)], "2026-11-05",
     deadlines("2026-11-05", cwt28=plus("2026-10-01", 28), cwt62=plus("2026-10-01", 62), rtt=plus("2026-10-01", 126)),
     "A clock past its deadline but still running is listed, so booking sees it first (pathway-examples.md).")

print(json.dumps({"schema_version": 1, "cases": cases}, indent=1))
