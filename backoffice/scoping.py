"""Who may see and do what in the admin: organisations are isolated from each other.

Policy (one place, used by every ModelAdmin and inline of our apps):

- A staff user belongs to organisers through ``events.Membership``; the role decides
  what they may do there. Permissions come from the membership, not from Django's
  per-user permission table, so a new organiser admin works the moment the
  membership exists (they still need ``is_staff`` to log in to the admin).
- Each admin class names its path to the owning organiser (``organiser_path``,
  e.g. ``"event__organiser"``) and the permissions each role has on its model
  (``role_permissions``). Querysets, object permissions, form choices,
  autocomplete results, history and actions are all limited to the organisers
  where the user's role grants the permission in question.
- The organiser of an event owns it. Co-organisers are named on the public pages
  but get no access to the event in the admin, unless the owner names them among
  the event's "co-organisers who work on the event" (``Event.co_organiser_access``).
  Their staff then see that event's registrations, check people in and export its
  lists as their own role allows (``SHARED_ABILITIES``; door staff the door list
  only), and nothing else of the owner's: not the event's form, other events,
  bookings, invoices, messages or staff. Organiser names are public (they are
  listed on the site), so the co-organiser choices list every organiser.
- Organiser admin: everything of their organisation. Door staff: view
  registrations, check in, and the door list (the abilities: events/abilities.py).
- Superusers see and do everything (the workflow rules of each admin, such as
  "registrations are made through the signup form", hold for them too).
"""

from django.contrib import admin

from events.abilities import ABILITIES, ADMIN, CHECK_IN, DOOR_LIST, EXPORT, STATISTICS
from events.models import Event, Membership, Organiser

from .fields import FIELD_OVERRIDES
from .history import change_message

ALL = frozenset({"view", "add", "change", "delete"})
READ_ONLY = frozenset({"view"})


def roles_by_organiser(request):
    """{organiser id: role} of the requesting user, read once per request."""
    cached = getattr(request, "_organiser_roles", None)
    if cached is None:
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            cached = {}
        else:
            cached = dict(Membership.objects.filter(user=user).values_list("organiser_id", "role"))
        request._organiser_roles = cached
    return cached


def organisers_with_ability(request, ability):
    """Ids of the organisers where the user's role allows ``ability`` (see ABILITIES)."""
    allowed = ABILITIES[ability]
    return {pk for pk, role in roles_by_organiser(request).items() if role in allowed}


def organisers_for(request, ability):
    """The organisers, by name, where the user may use ``ability`` (all for a superuser)."""
    organisers = Organiser.objects.order_by("name", "pk")
    if request.user.is_active and request.user.is_superuser:
        return organisers
    return organisers.filter(pk__in=organisers_with_ability(request, ability))


def can(request, ability, organiser_id):
    """Whether the user may use ``ability`` for the organiser with ``organiser_id``."""
    if request.user.is_active and request.user.is_superuser:
        return True
    return organiser_id in organisers_with_ability(request, ability)


# What the staff of a co-organiser may do on an event the owner shares with them.
SHARED_ABILITIES = frozenset({CHECK_IN, EXPORT, DOOR_LIST})
SEE_REGISTRATIONS = "see_registrations"  # any role of a co-organiser working on the event


def events_shared_with(request, ability=SEE_REGISTRATIONS):
    """Ids of the events other organisers let the user's organisations work on,
    where the user's role there allows ``ability``."""
    cached = getattr(request, "_shared_events", None)
    if cached is None:
        roles = roles_by_organiser(request)
        cached = {}
        if roles:
            shared = Event.co_organiser_access.through.objects.filter(organiser_id__in=roles)
            for event_id, organiser_id in shared.values_list("event_id", "organiser_id"):
                cached.setdefault(event_id, set()).add(roles[organiser_id])
        request._shared_events = cached
    if ability == SEE_REGISTRATIONS:
        return set(cached)
    if ability not in SHARED_ABILITIES:
        return set()
    allowed = ABILITIES[ability]
    return {pk for pk, roles in cached.items() if roles & allowed}


def can_on_event(request, ability, event):
    """Whether the user may use ``ability`` on ``event``: for its organiser, or as
    staff of a co-organiser the owner lets work on it."""
    return can(request, ability, event.organiser_id) or event.pk in events_shared_with(
        request, ability
    )


def can_see_statistics(request):
    """Whether the user may see the statistics of at least one organiser."""
    if request.user.is_active and request.user.is_superuser:
        return True
    return bool(organisers_with_ability(request, STATISTICS))


def organiser_id_of(obj, path):
    """The id of the organiser owning ``obj``, following ``path`` ("" is the organiser)."""
    if not path:
        return obj.pk
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def limit_to_organisers(queryset, path, organiser_ids):
    lookup = f"{path}__in" if path else "pk__in"
    return queryset.filter(**{lookup: organiser_ids})


class OrganiserScope:
    """The parts shared by ModelAdmins and inlines: ids, permissions, choices."""

    formfield_overrides = FIELD_OVERRIDES

    organiser_path = None  # lookup from this model to its Organiser; "" for Organiser
    role_permissions = {ADMIN: ALL}

    def scoped_organiser_ids(self, request, permission):
        return {
            pk
            for pk, role in roles_by_organiser(request).items()
            if permission in self.role_permissions.get(role, ())
        }

    def has_role_permission(self, request, permission, obj=None):
        if request.user.is_active and request.user.is_superuser:
            return True
        ids = self.scoped_organiser_ids(request, permission)
        if obj is None:
            return bool(ids)
        return organiser_id_of(obj, self.organiser_path) in ids

    def restrict(self, request, queryset, permission):
        """``queryset`` limited to the organisers where ``permission`` is granted."""
        if request.user.is_superuser:
            return queryset
        ids = self.scoped_organiser_ids(request, permission)
        return limit_to_organisers(queryset, self.organiser_path, ids)

    def visible_events(self, request, events, permission="view"):
        """``events`` limited to those whose objects of this admin the user sees."""
        if request.user.is_superuser:
            return events
        return events.filter(organiser__in=self.scoped_organiser_ids(request, permission))

    def may_open(self, request, model):
        """Whether the user may open ``model``'s admin pages: a link to one of them
        is shown as plain text otherwise, so no link leads to a refusal."""
        return self.admin_site.get_model_admin(model).has_view_permission(request)

    def limit_choices(self, request, queryset):
        """Choices of a foreign key: only what the user administers."""
        path = CHOICE_PATHS.get(queryset.model._meta.label)
        if path is None or request.user.is_superuser:
            return queryset
        ids = {pk for pk, role in roles_by_organiser(request).items() if role == ADMIN}
        return limit_to_organisers(queryset, path, ids)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and hasattr(formfield, "queryset"):
            formfield.queryset = self.limit_choices(request, formfield.queryset)
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if formfield is not None and db_field.name not in self.public_choice_fields:
            formfield.queryset = self.limit_choices(request, formfield.queryset)
        return formfield

    public_choice_fields = ()  # many-to-many fields whose choices are public (co-organisers)


class ScopedModelAdmin(OrganiserScope, admin.ModelAdmin):
    """A ModelAdmin that shows each user only their organisations' objects."""

    def get_queryset(self, request):
        return self.restrict(request, super().get_queryset(request), "view")

    def has_module_permission(self, request):
        return self.has_role_permission(request, "view")

    def has_view_permission(self, request, obj=None):
        return self.has_role_permission(request, "view", obj) or self.has_change_permission(
            request, obj
        )

    def has_add_permission(self, request):
        return self.has_role_permission(request, "add")

    def has_change_permission(self, request, obj=None):
        return self.has_role_permission(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_role_permission(request, "delete", obj)

    def get_fieldsets(self, request, obj=None):
        """Hide the organiser field when the choice is obvious (one organisation)."""
        fieldsets = super().get_fieldsets(request, obj)
        if not self.sets_organiser(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": _without(options["fields"], "organiser")})
            for name, options in fieldsets
        ]

    def sets_organiser(self, request, obj):
        return (
            obj is None
            and self.organiser_path == "organiser"
            and not request.user.is_superuser
            and len(self.scoped_organiser_ids(request, "add")) == 1
        )

    def save_model(self, request, obj, form, change):
        if not change and self.sets_organiser(request, None):
            (obj.organiser_id,) = self.scoped_organiser_ids(request, "add")
        super().save_model(request, obj, form, change)

    def construct_change_message(self, request, form, formsets, add=False):
        return change_message(form, formsets, add)

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete view passes get_queryset() in already; restricting again
        # keeps any other caller honest.
        queryset = self.restrict(request, queryset, "view")
        return super().get_search_results(request, queryset, search_term)


class ScopedInline(OrganiserScope):
    """An inline follows the permissions of its parent object.

    Adding, changing or deleting an inline row is changing the parent, so those need
    change permission on the parent; ``read_only_inline`` turns them off entirely.
    """

    read_only_inline = False

    def parent_admin(self):
        return self.admin_site.get_model_admin(self.parent_model)

    def has_view_permission(self, request, obj=None):
        return self.parent_admin().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return not self.read_only_inline and self.parent_admin().has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self.read_only_inline and self.parent_admin().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


def replace_fields(fieldsets, replacements):
    """``fieldsets`` with field names replaced by ``replacements`` ({old: new})."""
    return [
        (
            name,
            {
                **options,
                "fields": [
                    tuple(replacements.get(f, f) for f in field)
                    if isinstance(field, (list, tuple))
                    else replacements.get(field, field)
                    for field in options["fields"]
                ],
            },
        )
        for name, options in fieldsets
    ]


def _without(fields, name):
    """A fieldset's fields without ``name`` (fields may be nested in tuples for one line)."""
    result = []
    for field in fields:
        if isinstance(field, (list, tuple)):
            field = tuple(f for f in field if f != name)
            if field:
                result.append(field)
        elif field != name:
            result.append(field)
    return result


# How to reach the organiser from each model offered as a choice in a form.
CHOICE_PATHS = {
    "events.Organiser": "",
    "events.Series": "organiser",
    "events.Venue": "organiser",
    "events.Speaker": "organiser",
    "events.Event": "organiser",
    "events.Session": "event__organiser",
    "events.PriceOption": "event__organiser",
    "registrations.Booking": "event__organiser",
    "registrations.Question": "event__organiser",
    "registrations.Registration": "event__organiser",
}
