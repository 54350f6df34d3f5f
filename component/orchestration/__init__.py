"""Orchestration: product orders fulfilled through TMF641 service orders, on durable jobs.

- `jobs`: the job table's claim protocol (shared by every kind of step);
- `decomposition`, `rollup`, `milestones`: pure rules (catalogue mapping, item/order states);
- `product_order_steps`, `cancellation`, `service_order_execution`: the steps of each job kind;
- `simulator` and `adapters`: the network simulator and the fulfilment port (built-in / downstream TMF641);
- `worker`: the `Orchestrator` worker (built by the composition root) and `run_until_idle` for synchronous
  runs.
docs/orchestration.md describes the whole.
"""

from component.orchestration.worker import Orchestrator, run_until_idle

__all__ = ["Orchestrator", "run_until_idle"]
