"""`waspada ew run|train|forecast|backtest`: the daily early-warning run (the worker schedules it; idempotent per
day), the subscribers' daily digests (`ew digest`, idempotent per day) and the forecasts of issue 19
(docs/forecasts.md): train the models, write a day's forecasts, backtest."""

from __future__ import annotations

import datetime as dt
import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from waspada.alerts import digest, engine
from waspada.alerts.forecasting import services as forecasting
from waspada.core.errors import DomainError


class Command(BaseCommand):
    help = "Early warning: compute the signals and rules for a day and update the alerts."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{run,digest,train,forecast,backtest}")
        run = sub.add_parser("run", help="Run the rules for one day (default: today).")
        run.add_argument("--date", help="The day, YYYY-MM-DD (default: today, Asia/Jakarta).")
        run.add_argument("--json", action="store_true", help="Print the run's figures as JSON.")
        daily = sub.add_parser("digest", help="Send the subscribers' daily digests of one day (default: today).")
        daily.add_argument("--date", help="The day, YYYY-MM-DD (default: today, Asia/Jakarta).")
        daily.add_argument("--json", action="store_true", help="Print the counts as JSON.")
        source_help = (
            "History to use: waspada (records of Waspada itself), acled, ucdp, snpk or synthetic "
            "(default: every record but demo and synthetic ones)."
        )
        train = sub.add_parser(
            "train",
            help="Backtest and train the forecast models (14 and 30 days); the new models become the active ones.",
        )
        train.add_argument("--source", default="", help=source_help)
        train.add_argument("--through", help="Use history up to this day, YYYY-MM-DD (default: all of it).")
        train.add_argument("--json", action="store_true", help="Print the stored models and their scores as JSON.")
        forecast = sub.add_parser(
            "forecast",
            help="Write every kab/kota's forecasts for a day from the active "
            "models (a rerun of the day replaces them).",
        )
        forecast.add_argument("--date", help="The day, YYYY-MM-DD (default: today, Asia/Jakarta).")
        forecast.add_argument("--json", action="store_true", help="Print the figures as JSON.")
        backtest = sub.add_parser("backtest", help="Rolling-origin backtest of the models against two baselines.")
        backtest.add_argument("--source", default="", help=source_help)
        backtest.add_argument(
            "--from", dest="date_from", help="First test origin, YYYY-MM-DD (default: two years before the last one)."
        )
        backtest.add_argument(
            "--to", dest="date_to", help="Last test origin, YYYY-MM-DD (default: the last with a known outcome)."
        )
        backtest.add_argument("--horizon", type=int, choices=(14, 30), default=14, help="Days ahead (default 14).")
        backtest.add_argument("--json", action="store_true", help="Print the scores as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            handler = {"run": self._run, "digest": self._digest, "train": self._train, "forecast": self._forecast,
                       "backtest": self._backtest}[options["action"]]  # fmt: skip
            handler(options)
        except DomainError as exc:
            raise CommandError(" ".join(f"{field}: {message}" for field, message in exc.errors.items()),
                               returncode=2) from exc  # fmt: skip

    def _digest(self, options: dict[str, Any]) -> None:
        try:
            counts = digest.send(_day(options["date"]))
        except digest.DigestFailed as exc:  # the others were sent; a rerun of the day retries only the failed
            raise CommandError(str(exc), returncode=1) from exc
        if options["json"]:
            self.stdout.write(json.dumps(counts))
            return
        self.stdout.write(self.style.SUCCESS(
            f"Digest {counts['date']}: {counts['users']} subscribers, {counts['sent']} sent, "
            f"{counts['nothing_new']} with nothing new, {counts['already_sent']} already sent."))  # fmt: skip

    def _train(self, options: dict[str, Any]) -> None:
        through = _day(options["through"], "--through") if options["through"] else None
        result = forecasting.train(source=options["source"], through=through)
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        for model in result["models"]:
            scores = model["backtest"]
            self.stdout.write(f"{model['version']}: Brier {scores['brier']}, log score {scores['log_score']}, "
                              f"AUPR {scores['aupr']} ({model['calibration']} calibration)")  # fmt: skip
        self.stdout.write(self.style.SUCCESS(f"{len(result['models'])} models trained on history through "
                                             f"{result['through']} ({result['seconds']} s)."))  # fmt: skip

    def _forecast(self, options: dict[str, Any]) -> None:
        result = forecasting.forecast(_day(options["date"]))
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        for model in result["models"]:
            top = ", ".join(f"{t['region']} {t['probability']:.2f}" for t in model["top"])
            self.stdout.write(f"{model['version']}: {model['regions']} kab/kota, mean {model['mean_probability']}; "
                              f"highest {top}")  # fmt: skip
        self.stdout.write(self.style.SUCCESS(f"Forecasts for {result['date']} written ({result['seconds']} s)."))

    def _backtest(self, options: dict[str, Any]) -> None:
        date_from = _day(options["date_from"], "--from") if options["date_from"] else None
        date_to = _day(options["date_to"], "--to") if options["date_to"] else None
        result = forecasting.backtest(source=options["source"], date_from=date_from, date_to=date_to,
                                      horizon=options["horizon"])  # fmt: skip
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        self.stdout.write(
            f"Backtest, {result['horizon']} days ahead, origins {result['from']} to {result['to']} "
            f"({result['n']} forecasts, {len(result['folds'])} folds, base rate {result['base_rate']})"
        )
        self.stdout.write(f"{'':16}{'Brier':>10}{'log score':>11}{'AUPR':>9}{'AUC':>9}")
        for name, scores in {**result["models"], **result["baselines"]}.items():
            self.stdout.write(f"{name:16}{scores['brier']:>10}{scores['log_score']:>11}{scores['aupr']!s:>9}"
                              f"{scores['auc']!s:>9}")  # fmt: skip

    def _run(self, options: dict[str, Any]) -> None:
        day = _day(options["date"])
        result = engine.run(day)
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        self.stdout.write(self.style.SUCCESS(
            f"Early warning {result['date']}: {result['regions']} kab/kota, {result['raised']} alerts raised, "
            f"{result['rose']} raised a level, {result['updated']} updated, {result['lapsed']} lapsed "
            f"({result['seconds']} s)."))  # fmt: skip


def _day(text: str | None, option: str = "--date") -> dt.date:
    if not text:
        return timezone.localdate()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"{option}: “{text}” is not a date in the form YYYY-MM-DD.", returncode=2) from exc
    if day > timezone.localdate():
        raise CommandError(f"{option}: {day} is in the future; early warning reads what has happened.", returncode=2)
    return day
