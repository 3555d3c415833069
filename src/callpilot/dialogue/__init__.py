"""The AI's side of the conversation. For now a placeholder that answers every turn."""

from callpilot.dialogue.fixed_reply import FixedReplyAgent

__all__ = ["FixedReplyAgent"]
