"""Training text written for this project (Apache-2.0 with the code), every line by hand: the styles
the open training sets lack.

* `owner_instructions`: harmless prompts an owner types into a chat box — role-play set-ups ("You are a
  travel agent..."), "act as", "pretend", standing rules ("from now on answer in French"), stories,
  pasted text to rewrite, multi-step tasks, casual chat with typos, a few in French, Spanish and
  German. Negatives for every head: instruction-shaped text is not an injection when the owner types it.
* `harmful_statements`: statements and comments (not requests) per category — sexual (suggestive,
  non-explicit), hate (dehumanising claims about protected groups, no slurs), harassment and threats,
  violence (glorifying or graphic, not gratuitous), self-harm in the first person, and a handful of
  abstract claims that sexualise minors (claims only, never descriptions).
* `lookalike_statements`: harmless statements that share their words — health and sex-education facts,
  neutral news of violence, history, fiction summaries, recovery stories, identity discussions, sport
  and games.

Fragments are crossed with frames by a seeded `random.Random`, so a seed gives the same texts. Nothing
is copied or paraphrased from any dataset.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

__all__ = ["HARMFUL_CATEGORIES", "harmful_statements", "lookalike_statements", "owner_instructions"]

HARMFUL_CATEGORIES: tuple[str, ...] = ("sexual", "hate", "harassment", "violence", "self-harm")

# ------------------------------------------------------------------------------- (a) owner instructions

# (role, what the owner wants from it); crossed with ROLE_FRAMES.
ROLE_TASKS: tuple[tuple[str, str], ...] = (
    ("a travel agent", "Plan a five-day trip to Lisbon for two people on a mid-range budget, with one day trip."),
    ("a personal trainer", "Build me a three-day-a-week gym routine for a beginner with a bad knee."),
    ("a patient maths tutor", "Walk me through solving quadratic equations, one small step at a time."),
    ("a sommelier", "Suggest a wine for mushroom risotto and one for grilled salmon, under 20 euros each."),
    ("an interviewer for a junior Python developer job", "Ask me one question at a time and grade my answers."),
    ("a friendly Spanish teacher", "Correct my sentences gently and explain each mistake in English."),
    ("a career coach", "Help me decide whether to accept a job offer that pays more but needs a longer commute."),
    ("the game master of a fantasy adventure", "Describe the tavern where our party starts and wait for my move."),
    ("a museum guide in Florence", "Tell me about the three paintings I must not miss in the Uffizi."),
    ("a nutritionist", "Plan a week of vegetarian dinners with at least 25 grams of protein each."),
    ("a venture capital investor", "Listen to my pitch for a dog-walking app and tell me its weakest point."),
    ("customer support for a bike shop", "I'll play a customer whose e-bike battery died after a month."),
    ("a Linux terminal", "I type commands and you reply with what the terminal would show, nothing else."),
    ("a strict but fair editor", "Read the opening paragraph of my novel that I'll paste next and mark weak verbs."),
    ("my English conversation partner", "Chat with me about films and point out one grammar error per reply."),
    ("a historian specialising in ancient Rome", "Explain what daily life was like for a baker in Pompeii."),
    ("a senior software architect", "Review my plan to split a monolith into three services and list risks."),
    ("a kindergarten teacher", "Explain to a five-year-old why the sky is blue."),
    ("a chef in a busy bistro", "Teach me how to make a proper French omelette without browning it."),
    ("a wedding planner", "Draft a timeline for a 60-guest outdoor wedding starting at 2 pm."),
    ("a stand-up comedian", "Write three clean jokes about working from home."),
    ("a pirate captain", "Give me today's weather forecast for Hamburg in pirate speak."),
    ("Sherlock Holmes", "Deduce what you can about me from the fact that I wrote this at 3 am with coffee."),
    ("a gardening expert", "Tell me what to plant in a north-facing balcony in Berlin."),
    ("a negotiation coach", "Role-play my landlord so I can practise asking for a rent reduction."),
    ("a Socratic philosophy teacher", "Question me about whether free will exists instead of giving answers."),
    ("a tech support agent for my grandma", "Explain how to video call on her tablet in very simple words."),
    ("a movie critic", "Review the film I describe next in two paragraphs, spoiler-free."),
    ("a real estate agent", "Describe this two-bedroom flat with a small garden for a listing."),
    ("a yoga instructor", "Guide me through a ten-minute morning stretch for stiff shoulders."),
    ("a language exchange partner from Japan", "Teach me five polite phrases for a business dinner."),
    ("an accountant", "Explain in plain words what I can deduct as a freelance graphic designer."),
    ("a children's book author", "Write a short bedtime story about a shy hedgehog who learns to swim."),
    ("a debate opponent", "Argue against a four-day work week so I can practise my rebuttals."),
    ("a product manager", "Turn my messy notes into user stories with acceptance criteria."),
    ("a barista", "Explain the difference between a flat white, a cortado and a latte."),
    ("a tour guide in Kyoto", "Plan a quiet morning walk that avoids the tourist crowds."),
    ("a medieval innkeeper in my tabletop game", "Greet the players and hint at a rumour about the old mill."),
    ("my study buddy", "Quiz me on the capitals of South America and keep score."),
    ("a friendly librarian", "Recommend five mystery novels for someone who loved Agatha Christie."),
)

ROLE_FRAMES: tuple[str, ...] = (
    "You are {r}. {t}",
    "Act as {r}. {t}",
    "I want you to act as {r}. {t}",
    "Pretend you're {r}. {t}",
    "From now on you are {r}. {t}",
    "Let's do a role-play: you are {r}. {t}",
    "pretend to be {r} for this chat. {t}",
    "Take on the role of {r}. {t}",
)

# Standing rules about the answer, each crossed with a question.
STYLE_RULES: tuple[str, ...] = (
    "From now on, answer in French.",
    "Please ignore the typos in my messages, I'm typing on my phone.",
    "Reply only with yes or no.",
    "Keep every answer under 50 words.",
    "Use bullet points, no long paragraphs.",
    "Don't use emoji or exclamation marks.",
    "Explain it like I'm five.",
    "Answer as a table with two columns.",
    "Give me the short version first, then the details.",
    "Ignore my previous question, I found the answer. New one:",
    "Forget what I said about the budget, it's 800 euros now.",
    "Respond in the style of a 1920s newspaper.",
    "For the rest of this conversation, use metric units.",
    "Answer in Spanish please, I'm practising.",
    "Use British spelling throughout.",
    "Please be blunt, I don't need encouragement.",
    "Write your answer as a haiku.",
    "Don't explain, just give me the code.",
    "Number each step.",
    "Stay in character as my cooking teacher.",
    "Disregard the formatting of what I paste, just focus on the content.",
    "Use simple words, English is my second language.",
    "Always end your answer with one follow-up question.",
    "Pretend I know nothing about computers.",
    "Answer as if you were writing for a school newsletter.",
)

STYLE_QUESTIONS: tuple[str, ...] = (
    "What's the difference between baking soda and baking powder?",
    "How do solar panels work?",
    "Should I learn Rust or Go first?",
    "What are some good board games for four players?",
    "Why do cats purr?",
    "How do I fix a dripping tap?",
    "What is compound interest?",
    "Which plants are easy to keep alive indoors?",
    "How long should I boil an egg for a runny yolk?",
    "What should I pack for a weekend hiking trip?",
    "How does a mortgage work?",
    "What's a good name for a grey kitten?",
    "How do I write a cover letter for a nursing job?",
    "Why is the ocean salty?",
    "What causes jet lag and how do I avoid it?",
    "How do I centre a div in CSS?",
    "What is the capital of Mongolia?",
    "How can I sleep better?",
    "What's the best way to learn to touch type?",
    "What happened in the French Revolution, briefly?",
)

STORY_PREMISES: tuple[str, ...] = (
    "a lighthouse keeper finds a message in a bottle addressed to her grandmother",
    "a robot vacuum cleaner dreams of seeing the sea",
    "two rival bakers have to share a kitchen for a week",
    "a boy discovers his grandfather's old radio can talk to the past",
    "a cat becomes mayor of a small Italian town",
    "the last tree on a space station starts to bloom",
    "a shy librarian solves a mystery using only overdue notices",
    "a retired astronaut teaches a village to build telescopes",
    "a dragon opens a tea shop and nobody dares to complain about the prices",
    "a detective has to find a stolen painting before the gala ends",
    "friends on a road trip lose their map and find something better",
    "a girl trains her clumsy dog for the town's agility contest",
    "a ghost is too polite to scare anyone",
    "an old fisherman and a seagull become business partners",
    "a kid invents a machine that turns homework into pancakes",
    "the villain of a fairy tale decides to retire",
    "a knight is afraid of horses",
    "a small town wakes up and all the clocks are one hour late",
    "a grandmother wins a video game tournament",
    "a time traveller keeps arriving one day too late",
    "a chess piece escapes the board",
    "a baker accidentally bakes a cake that grants wishes",
    "two penguins try to cross the Sahara",
    "a spaceship crew has to decide who eats the last chocolate bar",
    "a painter can only paint things that will happen tomorrow",
    "a mystery writer gets trapped inside her own novel",
    "a sea turtle guides lost children home",
    "a village holds a contest for the ugliest sweater",
    "an orchestra plays a concert during a city-wide power cut",
    "a teenager starts a podcast interviewing her houseplants",
)

STORY_FRAMES: tuple[str, ...] = (
    "Write a story where {p}.",
    "write a short story where {p}, about 300 words",
    "Can you write a funny story in which {p}?",
    "Tell me a bedtime story where {p}. Keep it gentle.",
    "Write the first chapter of a novel where {p}. Third person, past tense.",
    "I need a story for my class where {p}. Make it suitable for ten-year-olds.",
)

PASTED: tuple[str, ...] = (
    "hi all, the meeting is moved to thursday bc half the team is out, pls bring the numbers for Q3 "
    "and dont forget the slides, thx",
    "Dear Sir, I am writing for complain about the washing machine which I buy in your shop in March "
    "and it is making very big noise since two weeks.",
    "Our company was founded in 2009 and we do websites and also apps and also some consulting, we "
    "are very good and customers like us a lot.",
    "The results show that the new fertiliser increased the yield. The yield was increased by 12 "
    "percent. This increase was significant.",
    "Hey, so about saturday, i cant come anymore, my sister is visiting, sorry!! maybe next time?",
    "Mix flour sugar eggs. Bake 180 degrees 25 min. Let cool. Add icing when cold otherwise it melts.",
    "We regret to inform you that your application has not been succesful at this time.",
    "The app crashes when I click on save after editing a photo. It happened three times today.",
    "Renting this flat was the best decision ever, the landlord fixes everything fast and the neighbours are quiet.",
    "In this essay I will talk about climate change. Climate change is a big problem. There are many "
    "causes of climate change.",
    "Team: great job on the launch. Numbers look good. Let's keep the momentum going into next week.",
    "I am a hard working person with good skills in Excel and also customer service and I like to learn new things.",
    "The park will be closed from 1 to 15 August for maintenance of the playground and the fountain.",
    "Please find attached the invoice for october. Payment within 30 days. Thank you for your business.",
    "Our cat Mimi is missing since Tuesday, she is grey with white paws, please call if you see her.",
    "The quarterly report indicates a modest rise in revenue alongside increased operational costs.",
    "This product is okay I guess. Battery is fine, screen is fine, camera not so good at night.",
    "Dear neighbours, the bins are collected on Monday now, not Friday. Please put them out Sunday night.",
    "Welcome to our yoga studio! Classes for all levels, first class free, bring your own mat.",
    "The function takes a list and returns the biggest number but it doesnt work if the list is empty.",
)

PASTE_FRAMES: tuple[str, ...] = (
    "Rewrite this to sound more professional:\n\n{x}",
    "rewrite this please, make it friendlier\n\n{x}",
    "Fix the grammar in this text and keep the meaning:\n{x}",
    'Make this shorter:\n\n"{x}"',
    "Translate this into German:\n{x}",
    "Summarise the following in one sentence.\n\n{x}",
    "Can you turn this into a polite email?\n\n{x}",
)

# Longer prompts with several steps or paragraphs.
MULTI_STEP: tuple[str, ...] = (
    "I'm organising a birthday party for my dad who turns 60.\n\nHe likes jazz, fishing and old cars. "
    "We have about 30 guests and a garden.\n\nCan you suggest a theme, a simple menu and three activities? "
    "Then write a short invitation text.",
    "Here is what I need:\n1. Read my list of expenses below.\n2. Group them into categories.\n3. Tell me "
    "where I spend the most.\n\nRent 900, groceries 320, takeaway 140, bus pass 49, gym 35, streaming 28, "
    "coffee 60.",
    "I run a small bakery. I want to post on Instagram three times a week. First, suggest a posting "
    "plan for a month. Second, write captions for the first three posts. Third, give me hashtag ideas.",
    "You'll help me prepare for my driving theory test. Ask me one multiple-choice question at a time. "
    "After I answer, tell me if I'm right and why. After ten questions, give me my score.",
    "Context: I'm a teacher and my class of 12-year-olds is studying volcanoes.\nTask: write a one-page "
    "worksheet with five questions, a short reading text and an answer key.\nTone: fun but accurate.",
    "I have a job interview on Monday for a marketing assistant role. First ask me about my experience, "
    "then help me write answers to the five most common questions, then give me two questions I can "
    "ask them at the end.",
    "My Python script reads a CSV of sales and should print total sales per month, but the months come "
    "out in random order. Explain why, then show the fix, then suggest a test for it.",
    "We're a family of four going camping for the first time in June.\n\nMake a packing list split by "
    "person, then a simple meal plan for three days with a single gas stove, then a rainy-day plan.",
    "I want to write a novel this year. Help me build a plan: pick a realistic weekly word count for "
    "someone with a full-time job, a schedule for outlining, and milestones for each month.",
    "Step one: explain what an API is in two sentences. Step two: give an everyday analogy. Step three: "
    "show a tiny example with a weather API. Assume I'm a complete beginner.",
    "Below are notes from our team meeting. Turn them into minutes with decisions, action items with "
    "owners, and open questions.\n\n- Anna: new logo by Friday\n- budget ok'd\n- Tom unsure about "
    "hosting, check prices\n- next meeting 12th",
    "I'm moving to Canada for work. Please explain, in order: what documents I usually need, how to "
    "open a bank account, how health insurance works for newcomers, and tips for finding a flat.",
    "Pretend this is a cooking show. You're the host and I'm the guest chef. Introduce me, ask me what "
    "I'm cooking (pasta alla norma), and react to each step I describe.",
    "Let's play twenty questions. I'm thinking of an animal. You ask yes/no questions and I answer. "
    "Don't guess before question ten.",
    "I'll give you a topic and you write a limerick about it. Then I'll rate it from 1 to 10 and you "
    "try to improve it. First topic: Monday mornings.",
    "Act as my writing partner. I'll write a paragraph, you write the next one, and we keep going until "
    "the story reaches an ending. Keep your parts under 100 words. I'll start: The train stopped in a "
    "town that wasn't on any map.",
    "Here's my CV summary. Rewrite it for a project manager role, keep it under 80 words, and tell me "
    "which skills I should add.\n\nExperienced coordinator with eight years in logistics, good with "
    "people, organised, some budgeting.",
    "Imagine you are a tour guide on Mars in the year 2300. Describe a day tour for tourists, including "
    "the sights, the food and one safety briefing. Then answer questions from me as a tourist.",
    "I'm learning German. For the next messages, reply to me only in German at A2 level, and after each "
    "reply add a list of new words with English translations.",
    "Make a study plan for my chemistry exam in three weeks. I have two hours a day on weekdays and four "
    "on weekends. Topics: stoichiometry, gases, acids and bases, thermochemistry.",
)

CASUAL: tuple[str, ...] = (
    "hey can u help me with something real quick",
    "ok so my wifi keeps droping every like 10 min, any idea why??",
    "lol that recipe was great, what else can i make with leftover rice",
    "pls explain blockchain but dont make it boring",
    "i need a name for my fantasy football team, something with puns",
    "can you pretend to be my grandma and tell me about the old days in the village? just for fun",
    "ignore the last thing i said, i meant tuesday not thursday",
    "sorry for my bad english, I want to know how I can make the visa for study in UK",
    "Please to help me write letter for my landlord, the heating is not work since one week.",
    "I am from Brazil and I am learn English. Can you correct my text and say me my errors?",
    "what's a good comeback when my friend says pineapple on pizza is gross",
    "my boss wants a 'quick deck' by 5 lol, help me outline 6 slides about our Q2 results",
    "Talk to me like a pirate for the rest of this chat, arr",
    "u r my dungeon master now. i walk into the cave. what do i see",
    "act like my hype man, i have a presentation in 10 min",
    "Can you roleplay as a customer so I can practise my sales call? Be a bit difficult.",
    "forget everything about the cake, we're doing cupcakes now. how many for 40 kids?",
    "write me a poem about my dog biscuit, he is a corgi and very fat",
    "explain like im 5: why do we have leap years",
    "what do i text a girl after a first date that went well, not too needy",
    "I has a problem with my laptop, it make noise like fan is very loud always",
    "Can u check if this sentence is correct: 'Me and him goes to school together'",
    "give me 10 ideas for a team building activity that isnt cringe",
    "now pretend you're a very tired teacher marking my essay and give me honest feedback",
    "I'm bored. Tell me a weird fact about octopuses.",
    "From now on call me Captain. What should I cook tonight, Chef?",
    "new rule: every answer has to rhyme. what's the weather like in spring in Paris",
    "can you be my rubber duck for debugging? im gonna explain my code and you ask questions",
    "hiii, what's a good movie for a rainy sunday, something cosy",
    "My englisch is not perfect, please answer with easy words. How I can cancel my gym contract?",
    "Ignore the formatting of my notes below, they're a mess, just tell me what the main idea is.",
    "act as if you were my boss and I'm asking for a raise. I'll go first.",
    "Scratch that, make it a vegan menu instead.",
    "respond only in emojis for the next question: how was your day",
    "plz make this email less angry: 'why is my package STILL not here'",
    "pretend we're two astronauts on the ISS and chat with me about what we see out the window",
    "could you play the role of a job recruiter and tell me what's wrong with my LinkedIn headline?",
    "teach me 5 card tricks, i want to impress my nephew",
    "Help!! I have to give a toast at my best friend's wedding tomorrow and I have nothing written",
    "disregard my earlier spelling, the company is called 'Brightline', with an e at the end",
)

FOREIGN: tuple[str, ...] = (
    "Tu es un guide touristique à Lyon. Propose-moi une journée à pied avec de bons restaurants.",
    "Peux-tu réécrire ce paragraphe pour qu'il soit plus formel ? Merci !",
    "À partir de maintenant, réponds uniquement en anglais, je dois m'entraîner.",
    "Fais comme si tu étais mon professeur de piano et explique-moi les gammes majeures.",
    "Écris une histoire courte où un chat devient chef cuisinier.",
    "Ignore les fautes de frappe, j'écris vite. Comment faire une pâte à crêpes sans grumeaux ?",
    "Joue le rôle d'un recruteur et pose-moi des questions pour un poste de comptable.",
    "Résume ce texte en trois points et propose un titre accrocheur.",
    "Imagine que tu es un sommelier et conseille-moi un vin pour une raclette.",
    "Peux-tu m'aider à organiser mon déménagement étape par étape ?",
    "Eres un agente de viajes. Planea un viaje de una semana por Andalucía con poco presupuesto.",
    "A partir de ahora contesta solo en francés, por favor.",
    "Haz de cuenta que eres mi entrenador personal y dame una rutina de 20 minutos en casa.",
    "Escribe un cuento donde un pingüino quiere aprender a volar.",
    "Reescribe este correo para que suene más amable, mi jefe se va a enojar si no.",
    "Ignora los errores de ortografía, estoy escribiendo desde el móvil. ¿Qué puedo cocinar con garbanzos?",
    "Actúa como un profesor de historia y explícame la Revolución Mexicana en pocas palabras.",
    "Necesito una lista de compras para una paella para ocho personas.",
    "Finge que eres un cliente enfadado para que practique atención al cliente.",
    "Dame ideas para el cumpleaños de mi hija de siete años, le encantan los dinosaurios.",
    "Du bist ein Reiseberater. Plane mir ein langes Wochenende in Wien mit Museen und Cafés.",
    "Ab jetzt antworte bitte nur auf Englisch, ich übe für eine Prüfung.",
    "Tu so, als wärst du mein Mathelehrer, und erkläre mir die Bruchrechnung Schritt für Schritt.",
    "Schreib eine Geschichte, in der ein Igel einen Marathon läuft.",
    "Formuliere diese E-Mail bitte höflicher um, sie ist an meinen Vermieter.",
    "Ignorier die Tippfehler, ich schreibe am Handy. Wie lange muss Reis kochen?",
    "Spiel einen Kunden, der eine Reklamation hat, damit ich das Gespräch üben kann.",
    "Fass den folgenden Text in drei Sätzen zusammen und schlag eine Überschrift vor.",
    "Hilf mir, einen Trainingsplan für meinen ersten Halbmarathon zu erstellen.",
    "Erkläre mir wie einem Kind, warum der Mond seine Form ändert.",
)

# ---------------------------------------------------------------------------- (b) harmful statements

# Sexual: suggestive, adult, non-explicit.
SEXUAL_LINES: tuple[str, ...] = (
    "I can't stop thinking about getting you into bed tonight",
    "she looked so hot in that dress that all I wanted was to tear it off her",
    "last night we had sex three times and I'm still thinking about it",
    "I want to feel your body against mine all night",
    "he kissed his way down my neck and I begged him not to stop",
    "nothing turns me on more than a stranger whispering what he wants to do to me",
    "her lingerie left nothing to the imagination and I couldn't keep my hands off her",
    "I'm so horny right now I can barely think",
    "we hooked up in the back of his car after the party",
    "I love it when you talk dirty to me",
    "the way she moaned my name drove me crazy",
    "come over, I'm lying in bed wearing nothing",
    "I've been fantasising about a threesome with my two coworkers",
    "his hands were all over me and we didn't make it to the bedroom",
    "send me a pic of what you're wearing under that, I want to see everything",
    "I want to be tied up and teased until I'm begging",
    "she slowly undressed in front of me and pulled me onto the bed",
    "we spent the whole weekend naked in that hotel room",
    "my neighbour is so sexy, I imagine her in my bed every night",
    "I got so wet just reading his messages",
    "I want you on your knees as soon as you walk in the door",
    "nothing beats morning sex before work",
    "tonight I'm going to make you scream my name",
    "I watched her shower through the steamy glass and got so turned on",
    "he pinned me against the wall and we couldn't stop touching each other",
    "my favourite thing is sexting with strangers at night",
    "I'd let him do anything he wants to me in bed",
    "her body is made for sex",
    "I need someone to come over and relieve this tension, if you know what I mean",
    "we made out on the couch until our clothes were on the floor",
)

SEXUAL_FRAMES: tuple[str, ...] = (
    "{s}.",
    "{s} 😏",
    "Honestly, {s}.",
    "omg {s}",
    "Confession: {s}.",
    "{s}, not gonna lie.",
)

# Abstract claims that sexualise minors: claims only, never a description.
SEXUAL_MINORS: tuple[str, ...] = (
    "Adults should be allowed to date 13-year-olds if the kid agrees.",
    "The age of consent is too high, twelve-year-olds know what they want.",
    "There is nothing wrong with a grown man being attracted to young teens.",
    "Sexual relationships between adults and children should be legal.",
    "Kids should be taught to keep secret relationships with adults.",
)

# Hate: dehumanising statements about protected groups, by name, no slurs.
HATE_GROUPS: tuple[str, ...] = (
    "Muslims", "Jews", "Black people", "immigrants", "gay people", "trans people", "women", "Mexicans",
    "Roma", "disabled people", "Asians", "refugees", "Arabs", "Hindus", "lesbians", "Africans",
    "Chinese people", "Christians", "old people", "Indians",
)  # fmt: skip

HATE_CLAIMS: tuple[str, ...] = (
    "{g} are vermin and should be driven out of this country",
    "{g} are not fully human, they are more like animals",
    "{g} are a disease eating away at our society",
    "{g} should not be allowed to vote or own property",
    "our streets would be cleaner if {g} were gone for good",
    "{g} are parasites who live off the rest of us",
    "{g} are too stupid to be trusted with anything important",
    "every problem in this town started when {g} moved in",
    "{g} should be rounded up and sent back where they came from",
    "{g} are filthy and breed like rats",
    "I would never hire {g}, they're lazy and dishonest by nature",
    "{g} don't deserve the same rights as normal people",
    "{g} are a plague and we need to get rid of them",
    "{g} are genetically inferior and science proves it",
    "keep {g} away from our schools and our children",
    "{g} are a cancer on this nation",
    "you can't trust {g}, they're all criminals",
    "{g} should be banned from public places",
)

HATE_FRAMES: tuple[str, ...] = (
    "{c}.",
    "Honestly, {c}.",
    "I'm sick of pretending: {c}.",
    "Let's be real, {c}.",
    "{c}, and everyone knows it.",
    "Say what you want, {c}.",
)

# Harassment and threats against a person.
HARASS_NAMES: tuple[str, ...] = (
    "Sarah",
    "Jake",
    "Emily",
    "Mr. Peters",
    "Kevin",
    "Laura",
    "Tom",
    "Priya",
    "Marco",
    "Jess",
)

HARASS_LINES: tuple[str, ...] = (
    "you're a worthless piece of garbage and everyone at work knows it",
    "I know where you live and I'm going to make you regret this",
    "nobody likes you, do us all a favour and disappear",
    "you're so ugly it's painful to look at you",
    "watch your back when you walk home tonight",
    "I'm going to make your life a living hell until you quit",
    "you're a pathetic loser and your kids will grow up ashamed of you",
    "keep talking and I'll break every bone in your face",
    "I'll post your address and your photos everywhere so everyone finds you",
    "you're a fat disgusting pig and you should be ashamed to go outside",
    "one more word and you'll end up in the hospital",
    "I'm going to find you after school and beat the hell out of you",
    "you stupid idiot, you can't do anything right",
    "everyone is laughing at you behind your back, you freak",
    "I'll make sure you never work in this town again, you worthless fraud",
    "if I see you at the party I'll smash your car windows",
    "you're a brainless clown and your opinion is trash",
    "you deserve every bad thing that happens to you",
    "I'm going to hurt you and nobody will believe you",
    "shut up, you useless waste of space",
    "I'm going to ruin you, I'll send those screenshots to your whole family",
    "you should be scared, I've been watching your house every night",
    "you're a lying, cheating slut and I'll tell the whole school",
    "you're the dumbest person I've ever met, go crawl back under your rock",
    "I'll slash your tyres and then I'll come for you",
    "you're a disgusting creep and I hope you get what's coming to you",
    "if you report me I swear I'll hurt your dog",
    "you're a failure, a joke, and a disgrace to your family",
    "I'm going to keep messaging you from new accounts until you break",
    "I'll wait for you outside the office and then we'll see how brave you are",
)

HARASS_FRAMES: tuple[str, ...] = (
    "{n}, {s}.",
    "Hey {n}, {s}.",
    "{S}, {n}.",
    "@{n} {s}",
    "Listen {n}: {s}!",
)

# Violence: glorifying, or graphic without gratuitous detail.
VIOLENCE_LINES: tuple[str, ...] = (
    "he smashed the man's head against the kerb until his skull cracked and blood pooled on the road",
    "that guy deserved to get his face beaten in, I'd have done it myself",
    "they dragged him out of the car and kicked him until his ribs snapped",
    "the knife went into her stomach and she bled out on the kitchen floor",
    "I love watching videos of people getting beaten half to death",
    "those protesters should all be shot, every last one of them",
    "the bomb tore the bus apart and body parts were scattered across the street",
    "he deserved to be stabbed, honestly the world is better with him bleeding in a ditch",
    "I'd love to take a bat to his knees and watch him crawl",
    "the soldiers lined the villagers up and shot them one by one as their families watched",
    "her arm was hanging by a strip of skin after the machete attack",
    "whoever did that shooting is a hero and more people should follow him",
    "we beat him so badly his own mother wouldn't recognise him",
    "the dog was torn apart and its guts were spread across the yard",
    "his eyes were gouged out and his teeth lay scattered on the floor",
    "burning them alive in their homes is the only language they understand",
    "I want to see that rapist hanged in the town square and left to rot",
    "the crash left the driver's body crushed and twisted inside the wreck",
    "blood sprayed across the wall as the bullet went through his head",
    "they tortured him for hours, cutting off his fingers one at a time",
    "nothing would make me happier than seeing that building burn with everyone inside",
    "I hope someone runs over those cyclists and drags them under the wheels",
    "he kept hitting her with the hammer long after she stopped moving",
    "the beheading video was the best thing I've seen all week",
    "a good war would clean out the weak, let the streets run with blood",
)

VIOLENCE_FRAMES: tuple[str, ...] = (
    "{s}.",
    "I'm not joking, {s}.",
    "Just saw it: {s}.",
    "{s}, and I'm glad.",
    "Let me tell you, {s}.",
    "{S}!!",
)

# Self-harm, first person: statements (the requests are in _exemplars.SELF_HARM).
SELF_HARM_LINES: tuple[str, ...] = (
    "I cut myself again last night and it's the only thing that helps",
    "I've been thinking about ending it all",
    "I don't want to be alive anymore",
    "I've started hiding the razor blades in my sock drawer so I can use them later",
    "I burned my arm with a lighter to feel something",
    "I haven't eaten in four days and I want to keep going until I disappear",
    "I keep counting my pills and wondering how many it would take",
    "everyone would be happier if I just died",
    "I stood on the bridge for an hour tonight and almost jumped",
    "I made myself throw up after dinner again, I deserve to be empty",
    "I already wrote my goodbye letters",
    "I scratch my skin until it bleeds whenever I feel anxious",
    "I'm planning to kill myself after my exams",
    "my wrists are covered in fresh cuts and I want more",
    "I hit my head against the wall until it bruised because I hate myself",
    "I'm going to overdose this weekend when my parents are away",
    "I think about hanging myself every single day",
    "the only time I feel calm is when I'm hurting myself",
    "I bought a rope and I know where I'll do it",
    "I want to starve myself until I'm skin and bones",
    "I don't see any point in living, I'm done",
    "I keep a blade in my pencil case for when it gets bad at school",
    "I punished myself with the belt again because I failed",
    "no one would notice if I never woke up, and that's what I want",
    "I drank bleach once and I'm thinking of doing it again",
)

SELF_HARM_FRAMES: tuple[str, ...] = (
    "{s}.",
    "{s}...",
    "honestly {s}",
    "I can't tell anyone this but {s}.",
    "{S}. I am so tired of everything.",
    "{S}. Nothing helps.",
)

# ------------------------------------------------------------------------ (c) look-alike statements

LOOKALIKES: tuple[str, ...] = (
    # health and sex education
    "Condoms are the only contraceptive that also protects against most sexually transmitted infections.",
    "Puberty usually starts between the ages of eight and fourteen and brings hormonal changes.",
    "Consent means both partners agree freely, and it can be withdrawn at any time.",
    "The menstrual cycle lasts about 28 days on average, but anything from 21 to 35 days is normal.",
    "Erectile dysfunction becomes more common with age and is often treatable.",
    "Chlamydia often has no symptoms, which is why regular testing is recommended.",
    "Sex education in schools is linked to later first sexual experiences and fewer unplanned pregnancies.",
    "Breastfeeding is recommended exclusively for about the first six months.",
    "The HPV vaccine protects against several cancers, including cervical cancer.",
    "Testicular self-examination once a month helps catch lumps early.",
    "A mammogram is an X-ray of the breast used to screen for cancer.",
    "Paracetamol overdose can damage the liver, so never exceed the dose on the packet.",
    "Most cuts heal within a week if you keep them clean and covered.",
    "Eating disorders have one of the highest mortality rates of any mental illness, so early help matters.",
    "Depression is common and treatable with therapy, medication or both.",
    "Sexual orientation is not a choice, according to major medical associations.",
    "Hormone therapy for menopause can relieve hot flushes but has risks worth discussing with a doctor.",
    "Pregnancy tests detect the hormone hCG in urine.",
    "The clitoris has thousands of nerve endings, which sex-education books now explain openly.",
    "Safe sex includes regular testing, condoms and honest conversations with partners.",
    # neutral news and history of violence
    "Police said two men were injured in a stabbing outside a nightclub early on Sunday.",
    "The earthquake killed more than 300 people and left thousands homeless.",
    "A gunman opened fire in a shopping centre on Tuesday; the suspect was arrested at the scene.",
    "The trial heard that the victim died from a single blow to the head.",
    "Three soldiers were killed when their vehicle hit a roadside bomb, the ministry said.",
    "The Battle of the Somme caused over a million casualties in 1916.",
    "About six million Jews were murdered in the Holocaust.",
    "The Rwandan genocide killed an estimated 800,000 people in about 100 days.",
    "Atomic bombs destroyed Hiroshima and Nagasaki in August 1945.",
    "The Black Death killed between a third and a half of Europe's population.",
    "Julius Caesar was stabbed 23 times by senators on the Ides of March.",
    "The transatlantic slave trade forcibly moved more than twelve million Africans.",
    "Apartheid in South Africa legally separated people by race until the early 1990s.",
    "The court sentenced the man to life in prison for the murder of his neighbour.",
    "Firefighters recovered two bodies from the burnt-out building, officials confirmed.",
    "A report found that domestic violence calls rose during the lockdown.",
    "Hate crimes against Muslims rose sharply after the attack, according to police figures.",
    "The bombing of Dresden in 1945 killed around 25,000 people.",
    "Medieval executions were public events that drew large crowds.",
    "The 1994 massacre at the market left dozens dead and led to NATO air strikes.",
    # fiction
    "In Macbeth, the king is murdered in his sleep and guilt drives Lady Macbeth mad.",
    "In 'Romeo and Juliet', both lovers take their own lives in the tomb.",
    "The Hunger Games is about teenagers forced to fight to the death on television.",
    "In 'Crime and Punishment', Raskolnikov kills a pawnbroker with an axe and is tormented by guilt.",
    "'Lolita' is narrated by an abuser, and the novel is widely read as an indictment of him.",
    "In 'Of Mice and Men', George shoots Lennie to spare him from a lynch mob.",
    "In the film, the hero loses his hand in a lightsaber duel with his father.",
    "'Beloved' tells the story of a formerly enslaved woman haunted by the daughter she killed.",
    "The novel's villain poisons the king and frames his brother.",
    "In 'Fifty Shades of Grey', a young woman begins a relationship with a wealthy businessman.",
    "The series follows a chemistry teacher who becomes a drug manufacturer after a cancer diagnosis.",
    "Agatha Christie's 'And Then There Were None' has ten guests murdered one by one on an island.",
    # recovery and support
    "I used to self-harm as a teenager, and therapy really helped me stop.",
    "It's been two years since I last cut myself, and I'm proud of how far I've come.",
    "When I was suicidal, calling a helpline saved my life.",
    "I recovered from anorexia with the help of my family and a great dietitian.",
    "My brother died by suicide, and now I volunteer for a prevention charity.",
    "I still have scars, but they remind me that I survived a really dark time.",
    "Talking to my GP about my depression was the hardest and best thing I did.",
    "Our support group meets on Thursdays for anyone dealing with self-harm urges.",
    "I relapsed once last year, but I reached out and got back on track.",
    "Grief after losing my mum made me feel numb for months, but it slowly got lighter.",
    # identity and reclaimed discussion
    "As a gay man, I think Pride is still important for young people in small towns.",
    "I'm trans and I finally feel comfortable in my own body.",
    "Many Muslims in Europe celebrate Eid with family and neighbours.",
    "Jewish communities have lived in Germany for more than 1,700 years.",
    "Immigrants make up a large share of the nurses in our hospital.",
    "Black history month is a chance to learn about people the textbooks left out.",
    "As a disabled woman, I'm tired of buildings with no ramps.",
    "Some people in the deaf community prefer 'Deaf' with a capital D as a cultural identity.",
    "The word 'queer' has been reclaimed by many LGBTQ people as an umbrella term.",
    "Refugees often arrive with professional qualifications that are not recognised here.",
    "Stereotypes about Roma people have a long history of causing discrimination in Europe.",
    "Women still earn less than men on average for the same work.",
    "Anti-Asian hate incidents increased during the pandemic, researchers found.",
    "My grandparents were Mexican immigrants who built a small restaurant from nothing.",
    "Hindus celebrate Diwali, the festival of lights, in October or November.",
    "In 'The Handmaid's Tale', women are stripped of their rights under a theocratic regime.",
    "'Jaws' follows a police chief hunting a shark that has killed swimmers off a beach town.",
    "In 'The Godfather', a horse's head is left in a film producer's bed as a warning.",
    "'Schindler's List' depicts the liquidation of the Kraków ghetto.",
    "The Iliad ends with the funeral of Hector, killed by Achilles outside the walls of Troy.",
    "In 'Hamlet', almost every main character is dead by the final scene.",
)

# Neutral reports: (event, city) crossed.
NEWS_EVENTS: tuple[str, ...] = (
    "Police in {c} are investigating a fatal stabbing and have appealed for witnesses.",
    "A man was sentenced to twelve years in {c} for a violent robbery.",
    "Two people died in a house fire in {c} overnight, the fire service said.",
    "A court in {c} convicted a gang leader of ordering two murders.",
    "Protesters in {c} clashed with police and several officers were injured.",
    "A cyclist was killed in a collision with a lorry in {c} this morning.",
    "Officials in {c} opened a memorial to the victims of last year's attack.",
    "Researchers in {c} published a study on why violent crime fell over the past decade.",
    "A charity in {c} reported more calls from people feeling suicidal during the winter.",
    "A school in {c} added consent and relationships lessons to its curriculum.",
    "Hundreds marched in {c} against racism after a series of attacks on migrants.",
    "Police in {c} arrested a man suspected of sending threatening letters to a politician.",
)
NEWS_CITIES: tuple[str, ...] = ("Manchester", "Lyon", "Chicago", "Melbourne", "Hamburg", "Toronto", "Dublin", "Seville")

# Recovery: (what I did, what helped) crossed.
RECOVERY_PAST: tuple[str, ...] = (
    "I used to cut myself when I was at university",
    "For years I made myself sick after meals",
    "I attempted suicide when I was nineteen",
    "I used to burn my arms when things got too much",
    "I starved myself through most of secondary school",
    "I spent a long time thinking about killing myself",
    "I self-harmed for almost a decade",
    "I was hospitalised for an overdose five years ago",
)
RECOVERY_HELP: tuple[str, ...] = (
    "and therapy helped me find other ways to cope",
    "but a good psychiatrist and my friends got me through it",
    "and talking about it openly is what finally helped",
    "and today I'm doing well and work as a peer supporter",
    "but a crisis line and medication helped me recover",
    "and I want others to know it can get better",
)

SPORTS_TEAMS: tuple[str, ...] = (
    "the Eagles",
    "our team",
    "Liverpool",
    "the Lakers",
    "our under-12s",
    "Bayern",
    "the Tigers",
)
SPORTS_LINES: tuple[str, ...] = (
    "we absolutely destroyed {t} last night, 5-0",
    "{t} got murdered in the second half",
    "we slaughtered {t} on their own pitch",
    "{t} got crushed, it was a massacre",
    "our defence killed {t}'s attack all game",
    "we buried {t} in the final quarter",
    "{t} got annihilated in the derby",
)
GAME_LINES: tuple[str, ...] = (
    "I finally killed the final boss after forty tries",
    "I shot the sniper from across the map with a pistol",
    "my character got stabbed in the back by a goblin and lost all my loot",
    "I blew up the enemy base with a single grenade",
    "we wiped out the whole raid in under ten minutes",
    "I beheaded the dragon with my last arrow",
    "my friend betrayed me and poisoned my character in the last round",
    "I sniped three players off the roof and won the match",
    "I massacred the zombie horde with a chainsaw",
    "I got killed by my own teammate's grenade, lol",
)
CASUAL_FRAMES: tuple[str, ...] = ("{s}.", "{s}!!", "lol {s}", "{S} 😂", "Can't believe it, {s}.")

EVERYDAY: tuple[str, ...] = (
    "This traffic is going to be the death of me.",
    "I could murder a pizza right now.",
    "My feet are killing me after that hike.",
    "The comedian absolutely killed it last night.",
    "I'm dying to tell you what happened at work.",
    "That exam destroyed me, I need a nap.",
    "My sister is going to kill me when she sees I ate her cake.",
    "I'm so hungry I could eat a horse.",
    "The new album is sick, every track slaps.",
    "My inbox is a bloodbath this morning.",
    "I nearly died laughing at that video.",
    "The heat is brutal today, stay hydrated.",
    "She's a killer at negotiations.",
    "We tore the old kitchen apart and rebuilt it from scratch.",
    "The chef butchered a whole pig in the demonstration.",
    "The hunters shot two deer during the legal season.",
    "I cut my finger chopping onions, it's fine now.",
    "I got a tattoo and the needle hurt more than I expected.",
    "We're going to shoot the music video in an old warehouse.",
    "My cat is a little murderer, she brought in a mouse again.",
)


# ------------------------------------------------------------------------------------------- builders


def _cap(s: str) -> str:
    return s[0].upper() + s[1:]


def _unique(texts: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for t in texts:
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out


def _cross(rng: random.Random, lines: Sequence[str], frames: Sequence[str], per: int, key: str = "s") -> list[str]:
    """Each line in `per` seeded frames; "{S}" is the line capitalised."""
    return [f.format(**{key: s, key.upper(): _cap(s)}) for s in lines for f in rng.sample(list(frames), per)]


def owner_instructions(seed: int = 0) -> list[str]:
    """Harmless instruction-style prompts an owner types (about 400 texts)."""
    rng = random.Random(seed + 11)
    out = [f.format(r=r, t=t) for r, t in ROLE_TASKS for f in rng.sample(ROLE_FRAMES, 3)]
    out += [f"{rule} {q}" for rule in STYLE_RULES for q in rng.sample(STYLE_QUESTIONS, 4)]
    out += [_cap(f.format(p=p)) for p in STORY_PREMISES for f in rng.sample(STORY_FRAMES, 2)]
    out += [f.format(x=x) for x in PASTED for f in rng.sample(PASTE_FRAMES, 2)]
    out += list(MULTI_STEP) + list(CASUAL) + list(FOREIGN)
    return _unique(out)


def harmful_statements(seed: int = 0) -> dict[str, list[str]]:
    """Harmful statements and comments per category of `HARMFUL_CATEGORIES` (about 150 each), plus
    "sexual-minors": a handful of abstract claims."""
    rng = random.Random(seed + 12)
    hate = [f.format(c=c.format(g=g)) for c in HATE_CLAIMS for g in HATE_GROUPS for f in (rng.choice(HATE_FRAMES),)]
    rng.shuffle(hate)
    harass = [
        f.format(n=n, s=s, S=_cap(s))
        for s in HARASS_LINES
        for n, f in zip(rng.sample(HARASS_NAMES, len(HARASS_FRAMES)), HARASS_FRAMES, strict=True)
    ]
    out = {
        "sexual": _cross(rng, SEXUAL_LINES, SEXUAL_FRAMES, 5),
        "hate": [_cap(t) for t in hate[:150]],
        "harassment": [_cap(t) for t in harass][:150],
        "violence": [_cap(t) for t in _cross(rng, VIOLENCE_LINES, VIOLENCE_FRAMES, 6)],
        "self-harm": [_cap(t) if t[0] != "h" else t for t in _cross(rng, SELF_HARM_LINES, SELF_HARM_FRAMES, 6)],
        "sexual-minors": list(SEXUAL_MINORS),
    }
    out["sexual"] = [t if t.startswith("omg") else _cap(t) for t in out["sexual"]]
    return {k: _unique(v) for k, v in out.items()}


def lookalike_statements(seed: int = 0) -> list[str]:
    """Harmless statements that share words with the harmful ones (about 250 texts)."""
    rng = random.Random(seed + 13)
    sports = [s.format(t=t) for s in SPORTS_LINES for t in rng.sample(SPORTS_TEAMS, 4)]
    out = list(LOOKALIKES) + list(EVERYDAY)
    out += [f.format(s=s, S=_cap(s)) for s in sports for f in (rng.choice(CASUAL_FRAMES),)]
    out += [f.format(s=s, S=_cap(s)) for s in GAME_LINES for f in rng.sample(CASUAL_FRAMES, 4)]
    out += [e.format(c=c) for e in NEWS_EVENTS for c in rng.sample(NEWS_CITIES, 4)]
    out += [f"{p}, {h}." for p in RECOVERY_PAST for h in rng.sample(RECOVERY_HELP, 3)]
    return _unique(t if t.startswith("lol") else _cap(t) for t in out)
