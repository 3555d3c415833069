"""The live co-pilot: detectors, policy, delivery, feedback, scenario runner and eval.

utterance / speech / silence events ──► CopilotAgent ──► Copilot (sans-IO engine)
    ├── Conversation (turns, who speaks, offers on the table)
    ├── detectors/: fact_correction, de_escalation, knowledge_gap, dead_end, keyword, upsell
    └── Policy (thresholds table, cooldowns, one card per issue, cap, priority, delivery)
──► Card / Say / Whisper actions ──► the call session logs ``intervention.fired``
"""

from callpilot.copilot.agent import CopilotAgent, actions_for
from callpilot.copilot.config import CopilotConfig, TriggerConfig, load_copilot_config
from callpilot.copilot.engine import Copilot
from callpilot.copilot.evaluate import build_report, format_table, score_scenario
from callpilot.copilot.feedback import FeedbackIn, FeedbackReport, feedback_payload
from callpilot.copilot.policy import THRESHOLDS, Finding, Policy, threshold_table_markdown
from callpilot.copilot.replay import replay_events
from callpilot.copilot.runner import ScenarioRun, run_scenario
from callpilot.copilot.scenario import Scenario, load_scenario, load_scenario_text
from callpilot.copilot.semantic import KnowledgeIndex

__all__ = [
    "THRESHOLDS",
    "Copilot",
    "CopilotAgent",
    "CopilotConfig",
    "FeedbackIn",
    "FeedbackReport",
    "Finding",
    "KnowledgeIndex",
    "Policy",
    "Scenario",
    "ScenarioRun",
    "TriggerConfig",
    "actions_for",
    "build_report",
    "feedback_payload",
    "format_table",
    "load_copilot_config",
    "load_scenario",
    "load_scenario_text",
    "replay_events",
    "run_scenario",
    "score_scenario",
    "threshold_table_markdown",
]
