"""The built-in network simulator: how long each kind of service takes and how it ends.

Configured by a YAML document (SIMULATOR_FILE, docs/orchestration.md):

    default: {delaySeconds: 0, failureRate: 0}
    serviceTypes:
      hlrHssProvisioning: {delaySeconds: 2, failureRate: 0.01}
    rules:                                   # first match wins; checked before the failure rate
      - {serviceType: hlrHssProvisioning, characteristic: MSISDN, pattern: '13$', outcome: fail,
         reason: HLR refused the number}
      - {characteristic: MSISDN, pattern: '77$', outcome: hold, reason: HLR maintenance window, seconds: 600}
      - {characteristic: ICCID, pattern: '99$', outcome: pending, reason: SIM batch not registered, seconds: 300}

`fail` ends the service item failed; `hold` / `pending` stop it for `seconds` with the reason, after
which it runs again and no longer matches hold / pending rules. A failure drawn from `failureRate` is
deterministic per (service order, item), so a step replayed after a crash decides the same.
Nothing here touches the database: `decide` is a pure function of the item and the configuration.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

COMPLETE, FAIL, HOLD, PENDING = "complete", "fail", "hold", "pending"
OUTCOMES = (FAIL, HOLD, PENDING)
DEFAULT_STOP_SECONDS = 600.0


class SimulatorConfigError(ValueError):
    """The simulator configuration is unusable; the message says where."""


@dataclass(frozen=True)
class Behaviour:
    delay: float = 0.0  # seconds from start to outcome
    failure_rate: float = 0.0  # 0..1


@dataclass(frozen=True)
class Rule:
    outcome: str
    reason: str
    pattern: re.Pattern[str] | None = None
    characteristic: str | None = None
    service_type: str | None = None
    seconds: float = DEFAULT_STOP_SECONDS

    def matches(self, service: Mapping[str, Any]) -> bool:
        if self.service_type is not None and service.get("serviceType") != self.service_type:
            return False
        if self.characteristic is None:
            return True
        values = [entry.get("value") for entry in service.get("serviceCharacteristic") or []
                  if entry.get("name") == self.characteristic]
        return any(self.pattern is None or self.pattern.search(str(value)) for value in values)


@dataclass(frozen=True)
class Decision:
    outcome: str
    reason: str = ""
    seconds: float = 0.0


@dataclass(frozen=True)
class SimulatorConfig:
    default: Behaviour = Behaviour()
    service_types: Mapping[str, Behaviour] = field(default_factory=dict)
    rules: tuple[Rule, ...] = ()

    def behaviour(self, service_type: str | None) -> Behaviour:
        return self.service_types.get(service_type or "", self.default)

    def delay(self, item: Mapping[str, Any]) -> float:
        return self.behaviour((item.get("service") or {}).get("serviceType")).delay

    def decide(self, order_id: str, item: Mapping[str, Any], *, resumed: bool = False) -> Decision:
        """How a started service item ends; `resumed`: it was held or pending before (stops are not repeated)."""
        service = item.get("service") or {}
        for rule in self.rules:
            if resumed and rule.outcome != FAIL:
                continue
            if rule.matches(service):
                return Decision(rule.outcome, rule.reason, rule.seconds)
        rate = self.behaviour(service.get("serviceType")).failure_rate
        if rate > 0 and _draw(order_id, str(item.get("id"))) < rate:
            return Decision(FAIL, f"the network simulator failed {service.get('serviceType') or 'the service'} "
                                  f"(failure rate {rate:g})")
        return Decision(COMPLETE)

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any] | None, source: str = "simulator", *,
                     default_delay: float | None = None) -> SimulatorConfig:
        raw = raw or {}
        if not isinstance(raw, Mapping):
            raise SimulatorConfigError(f"{source}: expected a mapping")
        default = _behaviour(raw.get("default") or {}, f"{source}: default")
        if default_delay is not None and "delaySeconds" not in (raw.get("default") or {}):
            default = Behaviour(default_delay, default.failure_rate)
        types = {name: _behaviour(body, f"{source}: serviceTypes.{name}", default)
                 for name, body in (raw.get("serviceTypes") or {}).items()}
        rules = tuple(_rule(body, f"{source}: rules[{index}]") for index, body in enumerate(raw.get("rules") or []))
        return cls(default, types, rules)

    @classmethod
    def load(cls, path: Path | None, *, default_delay: float | None = None) -> SimulatorConfig:
        """The configuration in the YAML file `path` (None: the defaults: no delay, no failures)."""
        if path is None:
            return cls.from_mapping({}, default_delay=default_delay)
        try:
            raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            raise SimulatorConfigError(f"simulator file {path}: {error}") from error
        return cls.from_mapping(raw, str(path), default_delay=default_delay)


def _behaviour(body: Any, where: str, base: Behaviour = Behaviour()) -> Behaviour:
    if not isinstance(body, Mapping):
        raise SimulatorConfigError(f"{where}: expected a mapping")
    try:
        delay = float(body.get("delaySeconds", base.delay))
        rate = float(body.get("failureRate", base.failure_rate))
    except (TypeError, ValueError) as error:
        raise SimulatorConfigError(f"{where}: delaySeconds and failureRate are numbers") from error
    if delay < 0 or not 0 <= rate <= 1:
        raise SimulatorConfigError(f"{where}: delaySeconds >= 0 and 0 <= failureRate <= 1")
    return Behaviour(delay, rate)


def _rule(body: Any, where: str) -> Rule:
    if not isinstance(body, Mapping) or body.get("outcome") not in OUTCOMES:
        raise SimulatorConfigError(f"{where}: a rule needs an outcome, one of {', '.join(OUTCOMES)}")
    try:
        pattern = re.compile(str(body["pattern"])) if body.get("pattern") is not None else None
        seconds = float(body.get("seconds", DEFAULT_STOP_SECONDS))
    except (re.error, TypeError, ValueError) as error:
        raise SimulatorConfigError(f"{where}: {error}") from error
    return Rule(body["outcome"], str(body.get("reason") or f"simulated {body['outcome']}"), pattern,
                body.get("characteristic"), body.get("serviceType"), seconds)


def _draw(order_id: str, item_id: str) -> float:
    digest = hashlib.sha256(f"{order_id}/{item_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64
