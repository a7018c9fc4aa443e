"""`{% board_block block %}`: draws one situation-board block (core/board.py) with its own context on top of the
page's (request, user, language), so a block's template reads its values by name."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from waspada.core.board import Block

register = template.Library()


@register.simple_tag(takes_context=True)
def board_block(context: template.Context, block: Block) -> SafeString:
    compiled = context.template.engine.get_template(block.template)  # type: ignore[union-attr]
    with context.push(block.context):
        return compiled.render(context)  # type: ignore[no-any-return]
