"""The generic TMF630 / v4 CTK checks of one resource collection, and of an API's hub.

Each check makes one or two requests, records one outcome in the report and returns what later checks need
(the created resource, the listed items), or None when it failed.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from .client import ApiClient, Exchange
from .report import FAIL, PASS, SKIP, Report
from .resources import Collection

Resource = dict[str, Any]


def missing_attributes(item: Mapping[str, Any], collection: Collection) -> list[str]:
    """The mandatory attributes this item lacks (absent or null)."""
    return [name for name in collection.mandatory_of(item) if item.get(name) is None]


def _count(exchange: Exchange, header: str) -> int | None:
    value = exchange.response.headers.get(header)
    return int(value) if value is not None and value.isdigit() else None


class CollectionChecks:
    """The checks of one collection of one API (`api` is the name shown in the report)."""

    def __init__(self, api: str, client: ApiClient, collection: Collection, report: Report) -> None:
        self.api = api
        self.client = client
        self.collection = collection
        self.report = report
        self._etags: dict[str, str | None] = {}

    @property
    def name(self) -> str:
        return self.collection.name

    def _record(self, status: str, check: str, exchange: Exchange | str, detail: str = "") -> bool:
        request = exchange if isinstance(exchange, str) else exchange.request
        return self.report.record(status, self.api, f"{self.name}: {check}", request, detail)

    def _items(self, exchange: Exchange, check: str, statuses: tuple[int, ...] = (200, 206)) -> list[Resource] | None:
        """The list a GET answered, or None (recorded as a failure) when the answer is not a JSON list."""
        body = exchange.body()
        if exchange.response.status_code not in statuses or not isinstance(body, list):
            self._record(FAIL, check, exchange, f"expected {' or '.join(map(str, statuses))} with a JSON list; "
                                                 + exchange.summary())
            return None
        return body

    def current(self, resource: Mapping[str, Any]) -> Resource | None:
        """The resource as the deployment holds it now (None when it cannot be read)."""
        exchange = self.client.get(f"{self.name}/{resource['id']}")
        body = exchange.body()
        return body if exchange.response.status_code == 200 and isinstance(body, dict) else None

    # --- writable collections -------------------------------------------------------------------------------

    def create(self, body: Mapping[str, Any]) -> Resource | None:
        """POST 201 with a server-assigned id and href, Location == href, and the mandatory attributes."""
        check = "POST 201 with id, href, Location == href"
        exchange = self.client.post(self.name, body)
        created = exchange.body()
        if exchange.response.status_code != 201 or not isinstance(created, dict):
            self._record(FAIL, check, exchange, "expected 201 with the resource; " + exchange.summary())
            return None
        problems = []
        if not isinstance(created.get("id"), str) or not created["id"]:
            problems.append("no id")
        if not isinstance(created.get("href"), str) or not created["href"]:
            problems.append("no href")
        location = exchange.response.headers.get("Location")
        if location != created.get("href"):
            problems.append(f"Location {location!r} != href {created.get('href')!r}")
        missing = missing_attributes(created, self.collection)
        if missing:
            problems.append(f"mandatory attributes missing: {', '.join(missing)}")
        if problems:
            self._record(FAIL, check, exchange, "; ".join(problems))
            return None
        self._etags[created["id"]] = exchange.response.headers.get("ETag")
        self._record(PASS, check, exchange, f"id {created['id']}")
        return created

    def retrieve(self, expected: Mapping[str, Any], seen: str = "created") -> bool:
        """GET by id 200 equal to `expected` (as it was `seen`: created, listed), with the mandatory attributes;
        attributes a worker may have changed since are left out when the resource's version (ETag) moved on."""
        check = f"GET by id 200 equal to the {seen}"
        exchange = self.client.get(f"{self.name}/{expected['id']}")
        found = exchange.body()
        if exchange.response.status_code != 200 or not isinstance(found, dict):
            return self._record(FAIL, check, exchange, "expected 200 with the resource; " + exchange.summary())
        ignored: tuple[str, ...] = ()
        known = self._etags.get(str(expected["id"]))
        if known is not None and exchange.response.headers.get("ETag") != known:
            ignored = self.collection.volatile
        differing = sorted(key for key in set(found) | set(expected)
                           if key not in ignored and found.get(key) != expected.get(key))
        if differing:
            return self._record(FAIL, check, exchange, f"attributes differ: {', '.join(differing)}")
        missing = missing_attributes(found, self.collection)
        if missing:
            return self._record(FAIL, check, exchange, f"mandatory attributes missing: {', '.join(missing)}")
        return self._record(PASS, check, exchange)

    def patch(self, resource: Mapping[str, Any], changes: Mapping[str, Any]) -> Resource | None:
        """PATCH (merge patch) 200 with the changed values, which a later GET shows too."""
        check = f"PATCH {', '.join(changes)} 200 with the changed value"
        exchange = self.client.patch(f"{self.name}/{resource['id']}", dict(changes))
        body = exchange.body()
        if exchange.response.status_code != 200 or not isinstance(body, dict):
            now = self.current(resource) or {}
            state = now.get(self.collection.state or "")
            if exchange.response.status_code == 409 and state in self.collection.final_states:
                self._record(SKIP, check, exchange, f"not exercised: the {self.name} became {state} (final) "
                                                    "before the PATCH, and a final one cannot change (409)")
                return None
            self._record(FAIL, check, exchange, "expected 200 with the resource; " + exchange.summary())
            return None
        wrong = [key for key, value in changes.items() if body.get(key) != value]
        if not wrong:
            after = self.current(resource) or {}
            wrong = [f"{key} (GET after)" for key, value in changes.items() if after.get(key) != value]
        if wrong:
            self._record(FAIL, check, exchange, f"not changed: {', '.join(wrong)}")
            return None
        self._record(PASS, check, exchange)
        return body

    def delete(self, resource: Mapping[str, Any]) -> bool:
        """DELETE 204, then GET 404."""
        path = f"{self.name}/{resource['id']}"
        exchange = self.client.delete(path)
        if exchange.response.status_code != 204:
            return self._record(FAIL, "DELETE 204", exchange, "expected 204; " + exchange.summary())
        self._record(PASS, "DELETE 204", exchange)
        after = self.client.get(path)
        if after.response.status_code != 404:
            return self._record(FAIL, "GET after DELETE 404", after, "expected 404; " + after.summary())
        return self._record(PASS, "GET after DELETE 404", after)

    def skip(self, check: str, request: str, reason: str) -> None:
        """Record a check the deployment's state or the domain rules do not allow to exercise."""
        self._record(SKIP, check, request, f"not exercised: {reason}")

    # --- every collection -----------------------------------------------------------------------------------

    def list(self) -> list[Resource] | None:
        """GET the list: 200 (or 206), X-Total-Count and X-Result-Count, every item with the mandatory attributes.

        The items are answered whenever the answer is a JSON list, so the checks on one item still run after a
        failure of this one."""
        check = "list 200 with X-Total-Count, X-Result-Count, mandatory attributes on every item"
        exchange = self.client.get(self.name)
        items = self._items(exchange, check)
        if items is None:
            return None
        total, result = _count(exchange, "X-Total-Count"), _count(exchange, "X-Result-Count")
        problems = []
        if total is None or result is None:
            problems.append(f"X-Total-Count {total!r} / X-Result-Count {result!r} missing or not a number")
        elif result != len(items) or total < result:
            problems.append(f"X-Result-Count {result} / X-Total-Count {total} for {len(items)} items")
        for item in items:
            missing = missing_attributes(item, self.collection)
            if missing:
                problems.append(f"item {item.get('id')!r} lacks {', '.join(missing)}")
        if problems:
            shown = problems[:5] + ([f"... and {len(problems) - 5} more"] if len(problems) > 5 else [])
            self._record(FAIL, check, exchange, "; ".join(shown))
            return items
        self._record(PASS, check, exchange, f"{len(items)} of {total} items")
        return items

    def filter_by_id(self, resource: Mapping[str, Any]) -> bool:
        """`?id=<id>` returns exactly that resource."""
        check = "filter by id returns exactly that one"
        exchange = self.client.get(self.name, params={"id": str(resource["id"])})
        items = self._items(exchange, check)
        if items is None:
            return False
        ids = [item.get("id") for item in items]
        if ids != [resource["id"]] or _count(exchange, "X-Total-Count") != 1:
            return self._record(FAIL, check, exchange, f"expected only {resource['id']!r} (X-Total-Count 1); "
                                                       f"got {ids[:5]} (X-Total-Count "
                                                       f"{exchange.response.headers.get('X-Total-Count')})")
        return self._record(PASS, check, exchange)

    def filter_by_state(self, resource: Mapping[str, Any], attempts: int = 3) -> bool:
        """`?<state>=<value>` returns only items in that state (at least one); the resource's id with another
        value returns nothing. The value is the resource's current one; when a worker moves the resource on
        between the read and the query, the check reads it again (a few times, no waiting)."""
        attribute = self.collection.state
        if attribute is None:
            return True
        check = f"filter by {attribute} returns only items in that {attribute}"
        for attempt in range(attempts):
            current = (self.current(resource) or resource) if "id" in resource else resource
            value = current.get(attribute)
            if not isinstance(value, str):
                self.skip(check, f"GET {self.client.url(self.name)}", f"the sample has no {attribute}")
                return True
            exchange = self.client.get(self.name, params={attribute: value})
            items = self._items(exchange, check)
            if items is None:
                return False
            others = [item.get("id") for item in items if item.get(attribute) != value]
            if items and not others:
                break
            moved = (self.current(resource) or {}).get(attribute) != value
            if not moved or attempt == attempts - 1:
                return self._record(FAIL, check, exchange, f"expected items all {attribute}={value}; got "
                                                           f"{len(items)} items, other {attribute}: {others[:5]}")
        narrowed = self.client.get(self.name, params={"id": str(resource["id"]), attribute: value + "-ctk-other"})
        rest = self._items(narrowed, check)
        if rest is None:
            return False
        if rest:
            return self._record(FAIL, check, narrowed, f"expected no item with another {attribute}; "
                                                       f"got {len(rest)}")
        return self._record(PASS, check, exchange, f"{len(items)} items {attribute}={value}")

    def fields(self, resource: Mapping[str, Any]) -> bool:
        """`?id=<id>&fields=<attr>` returns exactly that attribute plus id and href."""
        attribute = self.collection.field
        check = f"fields={attribute} returns only {attribute}, id, href"
        exchange = self.client.get(self.name, params={"id": str(resource["id"]), "fields": attribute})
        items = self._items(exchange, check)
        if items is None:
            return False
        expected = {"id", "href"} | ({attribute} if attribute in resource else set())
        keys = [sorted(item) for item in items]
        if keys != [sorted(expected)]:
            return self._record(FAIL, check, exchange, f"expected one item with keys {sorted(expected)}; got {keys}")
        return self._record(PASS, check, exchange)

    def unknown_id(self) -> bool:
        """GET of an id nobody has is a 404 with a TMF Error body (code, reason)."""
        check = "unknown id 404 with a TMF Error (code, reason)"
        exchange = self.client.get(f"{self.name}/{uuid.uuid4()}")
        body = exchange.body()
        if exchange.response.status_code != 404:
            return self._record(FAIL, check, exchange, "expected 404; " + exchange.summary())
        if not isinstance(body, dict) or not all(isinstance(body.get(key), str) for key in ("code", "reason")):
            return self._record(FAIL, check, exchange, "expected an Error with code and reason; " + exchange.summary())
        return self._record(PASS, check, exchange)


def check_writable(checks: CollectionChecks, body: Mapping[str, Any], changes: Mapping[str, Any] | None,
                   delete: bool = True) -> Resource | None:
    """The whole cycle of a writable collection; returns the created resource (as last seen) for later steps."""
    created = checks.create(body)
    checks.list()
    checks.unknown_id()
    if created is None:
        return None
    checks.retrieve(created)
    checks.filter_by_id(created)
    checks.filter_by_state(created)
    checks.fields(created)
    if changes is not None:
        created = checks.patch(created, changes) or created
    if delete:
        checks.delete(created)
    return created


def check_read_only(checks: CollectionChecks, sample: Mapping[str, Any] | None = None) -> None:
    """A read-only collection: list, then GET / filters / fields on `sample` (else the first item), unknown id."""
    items = checks.list()
    checks.unknown_id()
    if sample is None and items:
        sample = items[0]
    if sample is None:
        request = f"GET {checks.client.url(checks.name)}"
        checks.skip("GET by id, filters and fields", request, f"the {checks.name} list is empty")
        return
    checks.retrieve(sample, seen="listed")
    checks.filter_by_id(sample)
    checks.filter_by_state(sample)
    checks.fields(sample)


def check_hub(api: str, client: ApiClient, report: Report, callback: str) -> None:
    """POST /hub 201 (Location names it), GET /hub/{id} 200 with the callback, DELETE /hub/{id} 204, then 404."""
    created = client.post("hub", {"callback": callback})
    body = created.body()
    if created.response.status_code != 201 or not isinstance(body, dict) or not body.get("id"):
        report.record(FAIL, api, "hub: POST /hub 201 with id", created.request,
                      "expected 201 with the subscription; " + created.summary())
        return
    location = created.response.headers.get("Location", "")
    if not location.endswith(f"/hub/{body['id']}") or body.get("callback") != callback:
        report.record(FAIL, api, "hub: POST /hub 201 with id", created.request,
                      f"Location {location!r}, callback {body.get('callback')!r}")
    else:
        report.record(PASS, api, "hub: POST /hub 201 with id", created.request, f"id {body['id']}")
    path = f"hub/{body['id']}"
    found = client.get(path)
    got = found.body()
    if found.response.status_code == 200 and isinstance(got, dict) and got.get("id") == body["id"] \
            and got.get("callback") == callback:
        report.record(PASS, api, "hub: GET /hub/{id} 200", found.request)
    else:
        report.record(FAIL, api, "hub: GET /hub/{id} 200", found.request,
                      "expected 200 with the subscription; " + found.summary())
    deleted = client.delete(path)
    if deleted.response.status_code != 204:
        report.record(FAIL, api, "hub: DELETE /hub/{id} 204", deleted.request, "expected 204; " + deleted.summary())
        return
    report.record(PASS, api, "hub: DELETE /hub/{id} 204", deleted.request)
    gone = client.get(path)
    status = PASS if gone.response.status_code == 404 else FAIL
    report.record(status, api, "hub: GET /hub/{id} after DELETE 404", gone.request,
                  "" if status == PASS else "expected 404; " + gone.summary())
