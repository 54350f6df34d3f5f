"""The dashboard's pages and forms as Starlette routes under `{prefix}/dashboard`.

Every route passes the access check (the `/admin` setting) and every form the CSRF check; the work of a
page runs in a worker thread (the services are synchronous). A DomainError becomes the page's TMF error
panel with the error's own status, never a 500.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from component.dashboard import live
from component.dashboard.access import CSRF_FIELD, DashboardAccess, Forbidden, Unauthorized, csrf_valid
from component.dashboard.actions import Actions
from component.dashboard.board import OPERATIONS, PAGE_SIZE, STATES, BoardSearch, load_board
from component.dashboard.context import Dashboard
from component.dashboard.customer360 import autopay, load_customer
from component.dashboard.delivery_panel import DeliveryPanel
from component.dashboard.tickets import PRIORITIES, STATUSES, load_queue, next_statuses, queued
from component.dashboard.timeline import order_detail
from component.domain.kernel.errors import DomainError, NotFound
from component.service import Registry
from component.settings import Settings

STATIC = Path(__file__).parent / "static"
Work = Callable[[Request, FormData | None], Response]


class Pages:
    def __init__(self, dashboard: Dashboard, documents: Mapping[str, dict[str, Any]]) -> None:
        self.dashboard = dashboard
        self.actions = Actions(dashboard, documents)
        self.delivery = DeliveryPanel(dashboard)

    # --- orders ---------------------------------------------------------------------------------

    def board(self, request: Request, _form: FormData | None) -> Response:
        board = load_board(self.dashboard, BoardSearch.from_query(request.query_params))
        return self.dashboard.render(request, "board.html", board=board, states=STATES, operations=OPERATIONS,
                                     page_size=PAGE_SIZE, live_kinds="ProductOrder")

    def order(self, request: Request, _form: FormData | None) -> Response:
        detail = order_detail(self.dashboard, request.path_params["order_id"])
        return self.dashboard.render(request, "order.html", detail=detail, order=detail.order,
                                     live_kinds="ProductOrder,ServiceOrder,Product")

    # --- customer 360 ---------------------------------------------------------------------------

    def customer(self, request: Request, _form: FormData | None, *, error: DomainError | None = None,
                 action: str = "") -> Response:
        view = load_customer(self.dashboard, request.path_params["customer_id"])
        done = request.query_params.get("done", "")
        return self.dashboard.render(request, "customer.html", status=error.status if error else 200, view=view,
                                     customer=view.customer, autopay=autopay, error=error, action=action,
                                     done=done.split(":", 1) if ":" in done else None,
                                     live_kinds="Customer,BillingAccount,Product,ProductOrder,TroubleTicket")

    def customer_action(self, request: Request, form: FormData | None) -> Response:
        customer_id = request.path_params["customer_id"]
        action = request.path_params["action"]
        values = {key: str(value) for key, value in (form or {}).items()}
        try:
            done = self._act(customer_id, action, values)
        except DomainError as error:
            return self.customer(request, form, error=error, action=action)
        return RedirectResponse(f"{self.dashboard.root}/customers/{quote(customer_id)}?done={done}", status_code=303)

    def _act(self, customer_id: str, action: str, form: dict[str, str]) -> str:
        actions = self.actions
        if action == "ticket":
            customer = self.dashboard.get("Customer", customer_id)
            return f"ticket:{actions.raise_ticket(customer, form)['id']}"
        product = form.get("product", "")
        if action in ("suspend", "resume"):
            order = actions.set_line_status(customer_id, product, "suspended" if action == "suspend" else "active")
        elif action == "sim":
            order = actions.change_sim(customer_id, product, form.get("iccid", "").strip())
        elif action == "add-service":
            order = actions.add_service(customer_id, product, form.get("offering", ""),
                                        {"zone": form.get("zone", ""), "tuneId": form.get("tuneId", "").strip()})
        elif action == "remove-service":
            order = actions.remove_service(customer_id, product)
        else:
            raise NotFound(f"the dashboard has no customer action {action!r}")
        return f"order:{order['id']}"

    # --- service requests -----------------------------------------------------------------------

    def tickets(self, request: Request, _form: FormData | None) -> Response:
        items, total, chosen = load_queue(self.dashboard, request.query_params, datetime.now(UTC))
        return self.dashboard.render(request, "tickets.html", items=items, total=total, chosen=chosen,
                                     statuses=STATUSES, priorities=PRIORITIES, live_kinds="TroubleTicket")

    def ticket(self, request: Request, _form: FormData | None, *, error: DomainError | None = None) -> Response:
        ticket = self.dashboard.get("TroubleTicket", request.path_params["ticket_id"])
        return self.dashboard.render(request, "ticket.html", status=error.status if error else 200,
                                     item=queued(ticket, datetime.now(UTC)), ticket=ticket,
                                     next_statuses=next_statuses(ticket), error=error, live_kinds="TroubleTicket")

    def ticket_status(self, request: Request, form: FormData | None) -> Response:
        ticket_id = request.path_params["ticket_id"]
        values = form or FormData()
        try:
            self.actions.move_ticket(ticket_id, str(values.get("status", "")), str(values.get("note", "")))
        except DomainError as error:
            return self.ticket(request, form, error=error)
        return RedirectResponse(f"{self.dashboard.root}/tickets/{quote(ticket_id)}", status_code=303)

    # --- event delivery -------------------------------------------------------------------------

    def delivery_panel(self, request: Request, _form: FormData | None) -> Response:
        return self.dashboard.render(request, "delivery.html", panel=self.delivery.load(request.query_params),
                                     replayed=request.query_params.get("replayed"), live_kinds="*")

    def replay(self, request: Request, form: FormData | None) -> Response:
        values = form or FormData()
        replayed = self.delivery.replay(values.getlist("id"), everything=values.get("all") == "1")
        return RedirectResponse(f"{self.dashboard.root}/delivery?replayed={replayed}", status_code=303)

    # --- session --------------------------------------------------------------------------------

    def login_form(self, request: Request, form: FormData | None, *, failed: bool = False) -> Response:
        requested = str((form or FormData()).get("next") or request.query_params.get("next", ""))
        return self.dashboard.render(request, "login.html", status=401 if failed else 200, failed=failed,
                                     next=_local(requested, self.dashboard.root))

    def login(self, request: Request, form: FormData | None) -> Response:
        values = form or FormData()
        if not self.dashboard.access.token_matches(str(values.get("token", ""))):
            return self.login_form(request, form, failed=True)
        response = RedirectResponse(_local(str(values.get("next", "")), self.dashboard.root), status_code=303)
        self.dashboard.access.start_session(response, secure=request.url.scheme == "https")
        return response

    def logout(self, _request: Request, _form: FormData | None) -> Response:
        response = RedirectResponse(f"{self.dashboard.root}/login", status_code=303)
        self.dashboard.access.end_session(response)
        return response


def build_dashboard(settings: Settings, registry: Registry, documents: Mapping[str, dict[str, Any]],
                    root: str) -> Starlette:
    dashboard = Dashboard(settings, registry, root, DashboardAccess(settings.admin_token, root))
    pages = Pages(dashboard, documents)

    def page(work: Work, *, public: bool = False) -> Callable[[Request], Awaitable[Response]]:
        async def handle(request: Request) -> Response:
            if not public and not dashboard.access.allows(request):
                if request.method == "GET":
                    return RedirectResponse(f"{root}/login?next={quote(request.url.path)}", status_code=303)
                return await _refused(request, 401, "the dashboard needs the operations login (ADMIN_TOKEN)")
            form = None
            if request.method == "POST":
                form = await request.form()
                if not csrf_valid(request, str(form.get(CSRF_FIELD) or "")):
                    return await _refused(request, 403, "the form is stale or did not come from the dashboard "
                                                        "(CSRF check failed); reload the page and try again")
            try:
                return await run_in_threadpool(work, request, form)
            except DomainError as error:
                return await run_in_threadpool(dashboard.render_error, request, error)

        return handle

    async def _refused(request: Request, status: int, message: str) -> Response:
        error = Unauthorized(message) if status == 401 else Forbidden(message)
        return await run_in_threadpool(dashboard.render_error, request, error, "Not allowed")

    async def live_stream(request: Request) -> Response:
        if not dashboard.access.allows(request):
            return Response("the dashboard needs the operations login (ADMIN_TOKEN)", status_code=401)
        try:
            return live.stream(dashboard, request)
        except DomainError as error:
            return Response(error.message, status_code=error.status)

    async def home(_request: Request) -> Response:
        return RedirectResponse(f"{root}/", status_code=308)

    routes: list[Any] = [
        Route("/", page(pages.board)),
        Route("/orders/{order_id}", page(pages.order)),
        Route("/customers/{customer_id}", page(pages.customer)),
        Route("/customers/{customer_id}/{action}", page(pages.customer_action), methods=["POST"]),
        Route("/tickets", page(pages.tickets)),
        Route("/tickets/{ticket_id}", page(pages.ticket)),
        Route("/tickets/{ticket_id}/status", page(pages.ticket_status), methods=["POST"]),
        Route("/delivery", page(pages.delivery_panel)),
        Route("/delivery/replay", page(pages.replay), methods=["POST"]),
        Route("/live", live_stream),
        Route("/login", page(pages.login_form, public=True)),
        Route("/login", page(pages.login, public=True), methods=["POST"]),
        Route("/logout", page(pages.logout, public=True), methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    return Starlette(routes=[Route(root, home), Mount(root, routes=routes)])


def _local(target: str, root: str) -> str:
    """Only a path inside the dashboard may be a redirect target (no open redirect)."""
    return target if target.startswith(f"{root}/") and "//" not in target[len(root):] else f"{root}/"
