"""/mentors/me...: your own mentor profile, services and schedule, in any status (API.md §0).

Everything is looked up within the caller's own profile: another mentor's service or rule id is
a 404, and a learner without a profile gets a 404 that says how to apply.
"""

from __future__ import annotations

from uuid import UUID

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import status
from rest_framework.response import Response

from core.api import ListView
from core.schema import ERRORS
from mentors import errors, selectors, services
from mentors.api import serializers as s
from mentors.api.views.common import AVAILABILITY, MENTOR_ME, MentorOwnView, parsed


def _profile_body(mentor) -> dict:
    return s.MentorMeOut(selectors.mentor_private_get(mentor_id=mentor.pk)).data


class MentorMeView(MentorOwnView):
    @extend_schema(
        tags=MENTOR_ME,
        summary="Apply to be a mentor (creates your draft profile)",
        description='`availability` takes MentorHub\'s {"monday": ["10:00-18:00"]} or a list of weekly '
        "rules, in your account's time zone. `submit: true` sends the profile for review at once "
        "(400 listing what is missing, and nothing is saved). Needs a verified e-mail.",
        request=s.MentorApplyIn,
        responses={201: s.MentorMeOut, **ERRORS(400, 401, 403, 409, 429)},
    )
    def post(self, request):
        mentor = services.mentor_apply(user=request.user, **parsed(s.MentorApplyIn, request.data))
        return Response(_profile_body(mentor), status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=MENTOR_ME,
        summary="Your mentor profile, private fields included",
        responses={200: s.MentorMeOut, **ERRORS(401, 404, 429)},
    )
    def get(self, request):
        return Response(_profile_body(self.own_profile()))

    @extend_schema(
        tags=MENTOR_ME,
        summary="Edit your mentor profile",
        description="Edits to an approved profile go live at once.",
        request=s.MentorPatchIn,
        responses={200: s.MentorMeOut, **ERRORS(400, 401, 404, 429)},
    )
    def patch(self, request):
        mentor = self.own_profile()
        mentor = services.mentor_update(mentor=mentor, **parsed(s.MentorPatchIn, request.data, partial=True))
        return Response(_profile_body(mentor))


class MentorMeSubjectsView(MentorOwnView):
    @extend_schema(
        tags=MENTOR_ME,
        summary="Replace your subjects",
        request=s.SubjectIdsIn,
        responses={200: s.SubjectsOut, **ERRORS(400, 401, 404, 429)},
    )
    def put(self, request):
        mentor = self.own_profile()
        mentor = services.mentor_update(mentor=mentor, **parsed(s.SubjectIdsIn, request.data))
        return Response(s.SubjectsOut({"subjects": selectors.subjects_of(mentor=mentor)}).data)


class MentorMeListView(MentorOwnView):
    """PUT of a whole list of the profile: the body is the list, or {"<field>": [...]}."""

    field: str
    serializer_class: type

    def put(self, request):
        mentor = self.own_profile()
        body = {self.field: request.data} if isinstance(request.data, list) else request.data
        items = parsed(self.serializer_class, body)[self.field]
        mentor = services.mentor_list_replace(
            mentor=mentor, field=self.field, items=[dict(item) for item in items]
        )
        return Response(self.serializer_class({self.field: getattr(mentor, self.field)}).data)


class MentorMeCertificationsView(MentorMeListView):
    field = "certifications"
    serializer_class = s.CertificationsIn

    @extend_schema(
        tags=MENTOR_ME,
        summary="Replace your certifications",
        request=s.CertificationsIn,
        responses={200: s.CertificationsIn, **ERRORS(400, 401, 404, 429)},
    )
    def put(self, request):
        return super().put(request)


class MentorMeEducationView(MentorMeListView):
    field = "education"
    serializer_class = s.EducationIn

    @extend_schema(
        tags=MENTOR_ME,
        summary="Replace your education",
        request=s.EducationIn,
        responses={200: s.EducationIn, **ERRORS(400, 401, 404, 429)},
    )
    def put(self, request):
        return super().put(request)


class MentorMeSubmitView(MentorOwnView):
    @extend_schema(
        tags=MENTOR_ME,
        summary="Send your draft or rejected profile for review",
        description="400 names every missing field (title, bio, hourly_rate, subjects_or_skills, schedule); "
        "409 if the profile is already pending or approved.",
        request=None,
        responses={200: s.MentorMeOut, **ERRORS(400, 401, 404, 409, 429)},
    )
    def post(self, request):
        mentor = services.mentor_submit(mentor=self.own_profile())
        return Response(_profile_body(mentor))


# --- services -------------------------------------------------------------------------------------


class MentorServiceListView(MentorOwnView, ListView):
    serializer_class = s.ServiceOut

    @extend_schema(
        tags=MENTOR_ME,
        summary="Your services, inactive ones too",
        responses={200: s.ServiceOut(many=True), **ERRORS(400, 401, 404, 429)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self):
        return selectors.services_for_owner(mentor=self.own_profile())

    @extend_schema(
        tags=MENTOR_ME,
        summary="Add a service",
        request=s.ServiceCreateIn,
        responses={201: s.ServiceOut, **ERRORS(400, 401, 404, 429)},
    )
    def post(self, request):
        mentor = self.own_profile()
        service = services.service_create(mentor=mentor, **parsed(s.ServiceCreateIn, request.data))
        return Response(s.ServiceOut(service).data, status=status.HTTP_201_CREATED)


class MentorServiceDetailView(MentorOwnView):
    @extend_schema(
        tags=MENTOR_ME,
        summary="Edit or deactivate one of your services",
        request=s.ServicePatchIn,
        responses={200: s.ServiceOut, **ERRORS(400, 401, 404, 429)},
    )
    def patch(self, request, id: UUID):
        service = selectors.service_get_for_owner(mentor=self.own_profile(), service_id=id)
        service = services.service_update(service=service, **parsed(s.ServicePatchIn, request.data))
        return Response(s.ServiceOut(service).data)

    @extend_schema(
        tags=MENTOR_ME,
        summary="Delete one of your services",
        description="A service that bookings refer to is deactivated instead, so their history stays.",
        request=None,
        responses={204: None, **ERRORS(401, 404, 429)},
    )
    def delete(self, request, id: UUID):
        services.service_delete(
            service=selectors.service_get_for_owner(mentor=self.own_profile(), service_id=id)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- schedule -------------------------------------------------------------------------------------


def _schedule_body(mentor) -> dict:
    schedule = selectors.schedule_for_mentor(mentor=mentor)
    if schedule is None:
        raise errors.NoSchedule()
    return s.ScheduleOut(schedule).data


class MentorScheduleView(MentorOwnView):
    @extend_schema(
        tags=AVAILABILITY,
        summary="Your schedule",
        responses={200: s.ScheduleOut, **ERRORS(401, 404, 429)},
    )
    def get(self, request):
        return Response(_schedule_body(self.own_profile()))

    @extend_schema(
        tags=AVAILABILITY,
        summary="Create or fully replace your schedule",
        description="Sessions already booked stay. 409 if two rules overlap.",
        request=s.ScheduleIn,
        responses={200: s.ScheduleOut, **ERRORS(400, 401, 404, 409, 429)},
    )
    def put(self, request):
        mentor = self.own_profile()
        services.schedule_replace(mentor=mentor, **parsed(s.ScheduleIn, request.data))
        return Response(_schedule_body(mentor))


class MentorScheduleRulesView(MentorOwnView):
    @extend_schema(
        tags=AVAILABILITY,
        summary='Add one rule, or several with {"rules": [...]}',
        description="409 if a rule overlaps another one (existing or in the same request); then none is added.",
        request=PolymorphicProxySerializer(
            component_name="RuleOrRules", serializers=[s.RuleIn, s.RulesBulkIn], resource_type_field_name=None
        ),
        responses={201: s.RulesOut, **ERRORS(400, 401, 404, 409, 429)},
    )
    def post(self, request):
        mentor = self.own_profile()
        if isinstance(request.data, dict) and "rules" in request.data:
            rules = parsed(s.RulesBulkIn, request.data)["rules"]
        else:
            rules = [parsed(s.RuleIn, request.data)]
        created = services.schedule_rules_add(mentor=mentor, rules=[dict(rule) for rule in rules])
        return Response(s.RulesOut({"rules": created}).data, status=status.HTTP_201_CREATED)


class MentorScheduleRuleDetailView(MentorOwnView):
    @extend_schema(
        tags=AVAILABILITY,
        summary="Remove a rule",
        description="Slots already booked stay booked.",
        request=None,
        responses={204: None, **ERRORS(401, 404, 429)},
    )
    def delete(self, request, id: UUID):
        services.schedule_rule_delete(mentor=self.own_profile(), rule_id=id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MentorGenerateSlotsView(MentorOwnView):
    @extend_schema(
        tags=AVAILABILITY,
        summary="Preview the slots your schedule offers",
        description="Nothing is stored: slots are always computed. Dates and times are in the schedule's "
        "time zone; notice and advance limits apply as they do for learners. `overwrite` has no effect.",
        request=s.GenerateSlotsIn,
        responses={200: s.GenerateSlotsOut, **ERRORS(400, 401, 404, 429)},
    )
    def post(self, request):
        mentor = self.own_profile()
        params = parsed(s.GenerateSlotsIn, request.data)
        zone, found = selectors.schedule_preview(
            mentor=mentor, start_date=params["start_date"], end_date=params["end_date"]
        )
        body = {"generated": len(found), "timezone": zone.key, "slots": found}
        return Response(s.GenerateSlotsOut(body, context={"zone": zone}).data)
