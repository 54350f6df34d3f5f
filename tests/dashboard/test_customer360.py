"""Customer 360 over HTTP, on SQLite and PostgreSQL: what it shows, and the support actions going
through the TMF operations and their rules (a refused action shows the error a client would get)."""

from __future__ import annotations

import re
from typing import Any

from tests.api.account.bodies import PAYMENT_METHOD, autopay, new_billing_account
from tests.api.product_ordering.bodies import add, modify, numbers, order
from tests.api.product_ordering.conftest import Fulfil, characteristic, place_order, products_of
from tests.dashboard.support import DashboardClient, Shop, element, rows_with, text_of

Line = dict[str, Any]


def installed_line(shop: Shop, buyer: dict[str, Any], fulfil: Fulfil, tag: str) -> Line:
    """An installed subscription of the buyer: {"plan": product, "sim": product, "order": order}."""
    placed = shop.new_line(buyer["customer"], buyer["account"], tag)
    fulfil()
    products = products_of(shop.inventory, placed)
    return {"plan": products["1"], "sim": products["2"], "order": placed}


def done_order(response_text: str) -> str:
    attributes, text = element(response_text, "done-link")
    assert text_of(response_text, "action-done").startswith("Product order")
    return str(attributes["href"]).rsplit("/", 1)[-1]


def test_customer_360_shows_details_accounts_with_autopay_lines_and_orders(
    dashboard: DashboardClient, shop: Shop, buyer: dict[str, Any], fulfil: Fulfil, tag: str,
) -> None:
    enrolled = shop.accounts.post("billingAccount", json=new_billing_account(
        buyer["customer"], f"{tag}-auto", defaultPaymentMethod=PAYMENT_METHOD, paymentPlan=[autopay()]))
    assert enrolled.status_code == 201, enrolled.text
    line = installed_line(shop, buyer, fulfil, tag)
    page = dashboard.get(f"/customers/{buyer['customer']['id']}")
    assert page.status_code == 200
    assert text_of(page.text, f"account-{enrolled.json()['id']}").endswith("enrolled (active)")
    assert text_of(page.text, f"account-{buyer['account']['id']}").endswith("not enrolled")
    msisdn, iccid = numbers(tag)
    assert element(page.text, f"product-{line['plan']['id']}")[0]["data-msisdn"] == msisdn
    assert iccid in text_of(page.text, f"product-{line['sim']['id']}")
    assert rows_with(text_of_table(page.text, "customer-orders"), "data-order-id") == [line["order"]["id"]]


def text_of_table(html: str, table_id: str) -> str:
    return html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]


def test_suspending_a_line_places_a_modify_order_that_suspends_it_and_resuming_brings_it_back(
    dashboard: DashboardClient, shop: Shop, buyer: dict[str, Any], fulfil: Fulfil, tag: str,
) -> None:
    line = installed_line(shop, buyer, fulfil, tag)
    customer_id = buyer["customer"]["id"]
    suspended = dashboard.submit(f"/customers/{customer_id}/suspend", {"product": line["plan"]["id"]})
    assert suspended.status_code == 200 and suspended.url.endswith(f"/customers/{customer_id}?done=order:"
                                                                   f"{done_order(suspended.text)}")
    placed = shop.order(done_order(suspended.text))
    assert placed["productOrderItem"][0]["action"] == "modify"
    assert placed["productOrderItem"][0]["product"] == {"id": line["plan"]["id"], "status": "suspended"}
    fulfil()
    page = dashboard.get(f"/customers/{customer_id}").text
    assert element(page, f"line-{line['plan']['id']}")[1].endswith("suspended")
    resumed = dashboard.submit(f"/customers/{customer_id}/resume", {"product": line["plan"]["id"]})
    assert resumed.status_code == 200
    fulfil()
    assert element(dashboard.get(f"/customers/{customer_id}").text, f"line-{line['plan']['id']}")[1].endswith("active")


def test_a_refused_sim_change_shows_the_same_tmf_error_the_api_gives(
    dashboard: DashboardClient, shop: Shop, buyer: dict[str, Any], fulfil: Fulfil, tag: str,
) -> None:
    line = installed_line(shop, buyer, fulfil, tag)
    bad = "1234"
    refused = dashboard.submit(f"/customers/{buyer['customer']['id']}/sim", {"product": line["sim"]["id"],
                                                                              "iccid": bad})
    api = shop.ordering.post("productOrder", json=order(buyer["customer"], modify(
        "1", line["sim"]["id"], productCharacteristic=[{"name": "ICCID", "value": bad}])))
    assert refused.status_code == api.status_code == 400
    assert text_of(refused.text, "error-title") == f"Refused: {api.json()['reason']} (400)"
    assert element(refused.text, "error-title")  # the panel is on the customer page itself
    assert api.json()["message"] in refused.text.replace("&#39;", "'")
    assert characteristic(line["sim"], "ICCID") == numbers(tag)[1]


def test_a_value_added_service_is_added_and_removed_through_orders(
    dashboard: DashboardClient, shop: Shop, buyer: dict[str, Any], fulfil: Fulfil, tag: str,
) -> None:
    line = installed_line(shop, buyer, fulfil, tag)
    customer_id = buyer["customer"]["id"]
    added = dashboard.submit(f"/customers/{customer_id}/add-service",
                             {"product": line["plan"]["id"], "offering": "roaming-pack", "zone": "EU"})
    assert added.status_code == 200, added.text
    fulfil()
    page = dashboard.get(f"/customers/{customer_id}").text
    [service_id] = re.findall(r'id="product-([^"]+)" class="vas" data-offering="roaming-pack"', page)
    removed = dashboard.submit(f"/customers/{customer_id}/remove-service", {"product": service_id})
    assert removed.status_code == 200
    fulfil()
    assert "terminated" in text_of(dashboard.get(f"/customers/{customer_id}").text, f"product-{service_id}")


def test_a_roaming_pack_without_a_zone_is_refused_with_the_rule_that_needs_it(
    dashboard: DashboardClient, shop: Shop, buyer: dict[str, Any], fulfil: Fulfil, tag: str,
) -> None:
    line = installed_line(shop, buyer, fulfil, tag)
    refused = dashboard.submit(f"/customers/{buyer['customer']['id']}/add-service",
                               {"product": line["plan"]["id"], "offering": "roaming-pack", "zone": ""})
    assert refused.status_code == 400
    assert "zone" in text_of(refused.text, "error-title").lower() + refused.text.split('class="error-message">')[1]


def test_a_service_request_is_raised_for_the_customer_and_listed_on_the_page(
    dashboard: DashboardClient, shop: Shop, buyer: dict[str, Any], tag: str,
) -> None:
    customer_id = buyer["customer"]["id"]
    raised = dashboard.submit(f"/customers/{customer_id}/ticket",
                              {"ticketType": "complaint", "severity": "major", "description": f"No signal {tag}"})
    assert raised.status_code == 200
    assert text_of(raised.text, "action-done").startswith("Service request")
    assert f"No signal {tag}" in text_of_table(raised.text, "customer-tickets")
    empty = dashboard.submit(f"/customers/{customer_id}/ticket",
                             {"ticketType": "complaint", "severity": "major", "description": " "})
    assert empty.status_code == 400 and "description" in empty.text


def test_a_form_without_the_csrf_field_is_refused_and_changes_nothing(
    dashboard: DashboardClient, buyer: dict[str, Any], tag: str,
) -> None:
    dashboard.get("/")
    forged = dashboard.session.post(f"{dashboard.root}/customers/{buyer['customer']['id']}/ticket",
                                    data={"ticketType": "complaint", "severity": "major",
                                          "description": f"forged {tag}", "csrf": "guess"}, timeout=30)
    assert forged.status_code == 403 and "CSRF" in forged.text
    page = dashboard.get(f"/customers/{buyer['customer']['id']}").text
    assert f"forged {tag}" not in page


def test_an_unknown_customer_action_is_404(dashboard: DashboardClient, buyer: dict[str, Any]) -> None:
    response = dashboard.submit(f"/customers/{buyer['customer']['id']}/teleport", {})
    assert response.status_code == 404


def test_data_pool_roles_and_allocations_are_shown_on_the_lines(
    dashboard: DashboardClient, shop: Shop, buyer: dict[str, Any], fulfil: Fulfil, tag: str,
) -> None:
    donor = installed_line(shop, buyer, fulfil, tag)
    member = installed_line(shop, buyer, fulfil, f"{tag}m")
    pool_order = place_order(shop.ordering, order(
        buyer["customer"], add("pool", "data-pool", relies_on_product=donor["plan"]["id"], poolSize=20),
        add("m", "data-pool-member", member_of="pool", relies_on_product=member["plan"]["id"], allocation=5)))
    fulfil()
    assert shop.order(pool_order["id"])["state"] == "completed"
    page = dashboard.get(f"/customers/{buyer['customer']['id']}").text
    donor_line = page.split(f'id="product-{donor["plan"]["id"]}"', 1)[1].split("</article>", 1)[0]
    member_line = page.split(f'id="product-{member["plan"]["id"]}"', 1)[1].split("</article>", 1)[0]
    assert "Data pool donor" in donor_line and "pool size 20 GB" in donor_line
    assert "Data pool member" in member_line and "allocation 5 GB" in member_line
