from django.http import HttpRequest

from .vocabulary import ConversationKind, Interpreter, OwnStance, ParentStance, Tone, Topic

# A template compares and links with the names, never with the stored values:
# {% if conversation.interpreter == Interpreter.CHILD %}, ?soort={{ ConversationKind.DROP_OFF }}
VOCABULARY = {
    choices.__name__: choices
    for choices in (ConversationKind, Interpreter, OwnStance, ParentStance, Tone, Topic)
}


def vocabulary(request: HttpRequest) -> dict:
    """The conversation vocabulary (gesprekken/vocabulary.py) in every template."""
    return VOCABULARY
