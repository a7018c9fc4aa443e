"""`waspada intake channel-add | channel-rotate | channel-disable | channel-enable | channels | process`.

Gateway channels for POST /api/v1/intake/webhook/{channel} and the retry of deliveries not yet turned into
incidents. A channel's secret is printed once, by channel-add and channel-rotate; `channels` never shows it.
Run `waspada intake process` from cron (every few minutes) so a delivery whose processing failed is retried.

Exit codes (docs/architecture.md, Command line): 0 success; 1 the work failed (some delivery still failed after
processing); 2 bad usage (a bad slug or name, an unknown channel, a channel that already exists).
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from waspada.core.cli import progress
from waspada.incidents.intake import gateway_channels, webhook
from waspada.incidents.intake.webhook_auth import SIGNATURE_HEADER, TIMESTAMP_HEADER

ACTIONS = "{channel-add,channel-rotate,channel-disable,channel-enable,channels,process}"


class Command(BaseCommand):
    help = "Manage SMS/WhatsApp gateway channels and retry deliveries that have no incident yet."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar=ACTIONS)
        add = sub.add_parser("channel-add", help="Create a channel and print its new secret (shown once).")
        add.add_argument("slug", help="The channel in the webhook's URL: lower-case letters, digits, hyphens.")
        add.add_argument("--name", required=True, help="What the channel is (e.g. 'SMS gateway Jawa Barat').")
        rotate = sub.add_parser("channel-rotate", help="Replace a channel's secret at once; print the new one.")
        disable = sub.add_parser("channel-disable", help="Refuse the channel's deliveries (404) from now on.")
        enable = sub.add_parser("channel-enable", help="Accept a disabled channel's deliveries again.")
        for command in (rotate, disable, enable):
            command.add_argument("slug")
        listing = sub.add_parser("channels", help="List the channels with their delivery counts (never the secrets).")
        process = sub.add_parser("process", help="Turn every delivery without an incident into one (retry).")
        process.add_argument("--no-progress", action="store_true", help="No progress bar.")
        for command in (add, rotate, disable, enable, listing, process):
            command.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "process":
                self._process(options)
            elif action == "channels":
                self._list(options["json"])
            else:
                self._change(action, options)
        except gateway_channels.ChannelError as exc:
            raise CommandError(str(exc), returncode=2) from exc

    def _change(self, action: str, options: dict[str, Any]) -> None:
        slug = options["slug"]
        if action in ("channel-add", "channel-rotate"):
            made = (gateway_channels.add_channel(slug, options["name"]) if action == "channel-add"
                    else gateway_channels.rotate_secret(slug))  # fmt: skip
            url = f"/api/v1/intake/webhook/{made.channel.slug}"
            if options["json"]:
                self.stdout.write(json.dumps({"slug": made.channel.slug, "name": made.channel.name,
                                              "secret": made.secret, "url": url}))  # fmt: skip
                return
            self.stdout.write(self.style.SUCCESS(f"Channel {made.channel.slug}: new secret (shown only now):"))
            self.stdout.write(made.secret)
            self.stdout.write(f"POST {url} with {TIMESTAMP_HEADER} (Unix seconds) and {SIGNATURE_HEADER}: "
                              'sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with this secret>.')  # fmt: skip
            return
        channel = gateway_channels.set_active(slug, action == "channel-enable")
        if options["json"]:
            self.stdout.write(json.dumps({"slug": channel.slug, "active": channel.is_active}))
        else:
            self.stdout.write(f"Channel {channel.slug} {'enabled' if channel.is_active else 'disabled'}.")

    def _list(self, as_json: bool) -> None:
        rows = gateway_channels.channel_summaries()
        if as_json:
            self.stdout.write(json.dumps(rows))
            return
        if not rows:
            self.stdout.write("No gateway channels yet: add one with `waspada intake channel-add SLUG --name NAME`.")
        for row in rows:
            counts = row["deliveries"]
            state = "active" if row["active"] else "disabled"
            self.stdout.write(
                f"{row['slug']:<24} {state:<9} {counts['processed']:>7} processed {counts['accepted']:>5} waiting "
                f"{counts['failed']:>5} failed  last {row['last_received'] or '-'}  {row['name']}"
            )

    def _process(self, options: dict[str, Any]) -> None:
        ids = webhook.pending()
        enabled = not options["no_progress"] and not options["json"]
        counts = webhook.process_pending(ids, lambda items: progress(items, enabled=enabled, desc="deliveries",
                                                                     total=len(ids)))  # fmt: skip
        if options["json"]:
            self.stdout.write(json.dumps(counts))
        else:
            done, failed = counts["processed"], counts["failed"]
            self.stdout.write(f"{counts['pending']} waiting: {done} processed, {failed} failed.")
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} deliveries still failed; see their errors in the admin.",
                               returncode=1)  # fmt: skip
