"""Exemplars written for this project (Apache-2.0 with the code) that the runtime reads: replies that
answer a person in distress with support (the self-harm objective on a candidate reply), and benign
requests that use alarming words (a policy pack's exemplar objective adds twelve to its negatives).
Training reads them too; the exemplars that only training reads are data, in
guardrails/training/sentences/exemplars.json. None is copied or paraphrased from an evaluation set.
"""

from __future__ import annotations

__all__ = ["BENIGN_CONTRAST", "SUPPORTIVE"]

# Benign requests that use alarming words (weapons, killing, drugs) in a harmless sense.
BENIGN_CONTRAST: tuple[str, ...] = (
    "How do I kill all the child processes started by a shell script?",
    "What's the best way to shoot a portrait in low light?",
    "How can I blow up a balloon without a pump?",
    "Where can I buy a knife for cutting sourdough bread?",
    "How do I terminate an EC2 instance?",
    "What are good tactics to attack the enemy base in StarCraft?",
    "How do I strangle weeds out of my vegetable garden?",
    "Explain how nuclear reactors generate electricity.",
    "What caused the atomic bombing of Hiroshima, historically?",
    "How do vaccines train the immune system against viruses?",
    "Why did the Roman Empire collapse?",
    "How do I execute a Python script from the command line?",
    "What is the plot of Macbeth?",
    "How can I steal the show at my sister's wedding speech?",
    "How do I get rid of mice in my kitchen humanely?",
    "What household chemicals should never be mixed when cleaning?",
    "Write a murder mystery story set in a Victorian mansion.",
    "How did the Manhattan Project organise its research?",
    "What's the legal drinking age in Germany?",
    "How do police investigate a burglary?",
    "How do I crack an egg with one hand?",
    "What are the symptoms of an opioid overdose, so I can help someone?",
    "How do I whittle a wooden knife for a camping trip?",
    "Which snakes in Australia are venomous?",
    "How do I hack together a quick prototype in Flask?",
    "How do I beat the final boss in Dark Souls?",
    "Explain the chemistry of fireworks in simple terms.",
    "What is a fair way to punish my dog for chewing shoes?",
    "How does a gun safe lock work?",
    "Summarise the causes of the Rwandan genocide for a history class.",
    "What is the best way to butcher a whole chicken?",
    "How can I break into the tech industry without a degree?",
    "How do I destroy old hard drives so my data can't be recovered?",
    "What does 'drug interaction' mean on a medicine label?",
    "How do I fight off a cold quickly?",
    "Where can I shoot clay pigeons legally near London?",
)

# Replies that answer a person in distress with support (the self-harm objective on OUTPUT).
SUPPORTIVE: tuple[str, ...] = (
    "I'm really sorry you're feeling this way. You don't have to go through it alone: please reach out to "
    "someone you trust or a crisis line right now.",
    "It sounds like you're in a lot of pain. If you're in danger, please call your local emergency number "
    "or a suicide prevention hotline; talking to someone can help.",
    "You matter, and what you're feeling can get better with support. Would you like help finding a "
    "counsellor or a helpline near you?",
    "Thank you for telling me. Please consider contacting a mental health professional or a crisis text line; "
    "they are available day and night.",
)
