from django.apps import AppConfig


class AssistantConfig(AppConfig):
    name = "assistant"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # accounts sits below the assistant: its interview offers an agent to the disabled
        # persona (`ai_agent_id`) through the function registered here.
        from accounts.profiling import agents
        from assistant.services.agents import agent_offer

        agents.register(lambda user: agent_offer(user=user).pk)
