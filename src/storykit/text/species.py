"""Every species in one table: its words, young words, emoji, age of a senior and site types.

A case file's `species:` is what people write ("guinea pig", "Budgie", "goats"). A species
in the table is read by its name, its plural or another name people use for it ("kitty",
"cavy", "budgerigar") and written back as its name; any other is used as written, with a
made-up plural ("axolotls") and the adoption sites' catch-all type. Templates, cards,
listings and the adoption sites' uploads all take their words and types from here.

`petfinder` is the family of types Petfinder files the animal under (the key of its
`types` in data/adoptsites/petfinder.json: dog, cat, rabbit, small, horse, bird, scales,
barnyard) and `petfinder_breed` the name Petfinder's breed list has for the species
itself, used when the breed written matches none of that type's breeds ("Guinea Pig",
"Goat"). `adoptapet` is Adopt-a-Pet's animal type (None: it lists no such animal). The
types follow sheltermanager/asm3's species table and its Petfinder and Adopt-a-Pet
publishers (src/asm3/dbupdate.py, src/asm3/publishers/adoptapet.py).
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass

__all__ = [
    "KINDS",
    "OTHER",
    "Species",
    "closest",
    "kind_of",
    "known",
    "normal_form",
    "regular_plural",
]


@dataclass(frozen=True)
class Species:
    """One species as storykit words it and as the adoption sites file it."""

    name: str  # as a case file holds it, singular: "guinea pig"
    plural: str
    young: str  # an animal under a year old: "puppy", "foal", "baby guinea pig"
    young_plural: str
    emoji: str
    senior_years: int  # from this age Petfinder's "Senior"
    petfinder: str  # the family of Petfinder's types: see the module's docstring
    petfinder_breed: str | None = None
    adoptapet: str | None = None
    mammal: bool = True  # spayed or neutered means something for it (not for birds, fish...)
    also: tuple[str, ...] = ()  # other names people write for it (plurals are derived)
    known: bool = True  # False: a species not in the table, used as written
    word: str | None = None  # the singular word, when it is not the name ("other": animal)
    young_months: int = 12  # below this age its young word (a guinea pig is grown at 4 months)
    adult_months: int = 24  # from this age Petfinder's "Adult" (before it, "Young")
    vaccines: bool = True  # vaccinated as a rule (dogs, rabbits, horses, goats; not hamsters)

    @property
    def singular(self) -> str:
        return self.word or self.name


def regular_plural(word: str) -> str:
    """A noun's plural by the regular rules: -y after a consonant becomes -ies; -s, -x,
    -z, -ch and -sh add -es; anything else adds -s."""
    lower = word.lower()
    if len(lower) > 1 and lower.endswith("y") and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def _k(
    name: str,
    plural: str,
    young: str,
    young_plural: str,
    emoji: str,
    senior: int,
    petfinder: str,
    breed: str | None = None,
    adoptapet: str | None = None,
    *also: str,
    mammal: bool = True,
    word: str | None = None,
    grown: int = 12,
    adult: int = 24,
    vaccines: bool | None = None,
) -> Species:
    return Species(
        name, plural, young, young_plural, emoji, senior, petfinder, breed, adoptapet,
        mammal, also, word=word, young_months=grown, adult_months=adult,
        vaccines=mammal if vaccines is None else vaccines,
    )  # fmt: skip


def _baby(name: str, plural: str | None = None) -> tuple[str, str]:
    return f"baby {name}", f"baby {plural or regular_plural(name)}"


# In the order a story's emoji are shown: dogs first, then cats, rabbits, the others.
KINDS: tuple[Species, ...] = (
    _k("dog", "dogs", "puppy", "puppies", "🐶", 8, "dog", None, "Dog",
       "puppy", "pup", "doggo", "doggy", "doggie", "canine", "k9", "pooch", "hound"),
    _k("cat", "cats", "kitten", "kittens", "🐱", 10, "cat", None, "Cat",
       "kitty", "kitten", "kitties", "feline", "kitty cat", "moggy"),
    _k("rabbit", "rabbits", "bunny", "bunnies", "🐰", 7, "rabbit", None, "Rabbit",
       "bunny", "bunnies", "bun", "buns", "bunny rabbit", "lagomorph"),
    # Small & Furry
    _k("guinea pig", "guinea pigs", *_baby("guinea pig"), "🐹", 5, "small", "Guinea Pig",
       "Small Animal", "cavy", "cavies", "guinea", "piggie", "guineapig", grown=4, adult=12,
       vaccines=False),
    _k("hamster", "hamsters", *_baby("hamster"), "🐹", 2, "small", "Hamster", "Small Animal",
       "dwarf hamster", "syrian hamster", grown=2, adult=6, vaccines=False),
    _k("gerbil", "gerbils", *_baby("gerbil"), "🐭", 3, "small", "Gerbil", "Small Animal", grown=3,
       adult=6, vaccines=False),
    _k("rat", "rats", *_baby("rat"), "🐀", 2, "small", "Rat", "Small Animal", "fancy rat",
       grown=3, adult=6, vaccines=False),
    _k("mouse", "mice", "baby mouse", "baby mice", "🐭", 2, "small", "Mouse", "Small Animal",
       grown=2, adult=4, vaccines=False),
    _k("chinchilla", "chinchillas", "chinchilla kit", "chinchilla kits", "🐭", 10, "small",
       "Chinchilla", "Small Animal", grown=6, adult=12, vaccines=False),
    _k("ferret", "ferrets", "ferret kit", "ferret kits", "🐾", 5, "small", "Ferret",
       "Small Animal", grown=6, adult=12),
    _k("hedgehog", "hedgehogs", "hoglet", "hoglets", "🦔", 3, "small", "Hedgehog",
       "Small Animal", "hedgie", grown=3, adult=6, vaccines=False),
    _k("degu", "degus", *_baby("degu"), "🐭", 5, "small", "Degu", "Small Animal", grown=6,
       adult=12, vaccines=False),
    _k("sugar glider", "sugar gliders", "sugar glider joey", "sugar glider joeys", "🐾", 8,
       "small", "Sugar Glider", "Small Animal", "glider", grown=6, adult=12, vaccines=False),
    _k("small animal", "small animals", *_baby("small animal"), "🐾", 5, "small", None,
       "Small Animal", "small and furry", "small furry", "small mammal", "pocket pet", grown=4,
       adult=12, vaccines=False),
    # Horses
    _k("horse", "horses", "foal", "foals", "🐴", 20, "horse", None, "Horse",
       "equine", "mare", "gelding", "stallion", "filly", "colt", adult=48),
    _k("pony", "ponies", "foal", "foals", "🐴", 20, "horse", "Pony", "Horse",
       "miniature horse", "mini horse", adult=48),
    _k("donkey", "donkeys", "foal", "foals", "🫏", 20, "horse", "Donkey/Mule", "Horse",
       "burro", "mini donkey", "miniature donkey", adult=48),
    _k("mule", "mules", "foal", "foals", "🫏", 20, "horse", "Donkey/Mule", "Horse", "hinny",
       adult=48),
    # Birds
    _k("parrot", "parrots", "parrot chick", "parrot chicks", "🦜", 20, "bird",
       "Parrot (Other)", "Bird", "african grey", "amazon parrot", "eclectus", mammal=False),
    _k("budgie", "budgies", "budgie chick", "budgie chicks", "🐦", 6, "bird",
       "Budgie/Budgerigar", "Bird", "budgerigar", "budgy", mammal=False, grown=4, adult=12),
    _k("parakeet", "parakeets", "parakeet chick", "parakeet chicks", "🐦", 8, "bird",
       "Parakeet (Other)", "Bird", "quaker", "ringneck", mammal=False, grown=4, adult=12),
    _k("cockatiel", "cockatiels", "cockatiel chick", "cockatiel chicks", "🐦", 12, "bird",
       "Cockatiel", "Bird", mammal=False, grown=6),
    _k("cockatoo", "cockatoos", "cockatoo chick", "cockatoo chicks", "🦜", 30, "bird",
       "Cockatoo", "Bird", mammal=False),
    _k("conure", "conures", "conure chick", "conure chicks", "🦜", 15, "bird", "Conure",
       "Bird", mammal=False),
    _k("macaw", "macaws", "macaw chick", "macaw chicks", "🦜", 30, "bird", "Macaw", "Bird",
       mammal=False),
    _k("lovebird", "lovebirds", "lovebird chick", "lovebird chicks", "🐦", 10, "bird",
       "Lovebird", "Bird", mammal=False, grown=6, adult=12),
    _k("canary", "canaries", "canary chick", "canary chicks", "🐤", 8, "bird", "Canary",
       "Bird", mammal=False, grown=4, adult=12),
    _k("finch", "finches", "finch chick", "finch chicks", "🐦", 6, "bird", "Finch", "Bird",
       mammal=False, grown=3, adult=6),
    _k("dove", "doves", "squab", "squabs", "🕊️", 8, "bird", "Dove", "Bird", mammal=False,
       grown=3, adult=12),
    _k("pigeon", "pigeons", "squab", "squabs", "🐦", 8, "bird", "Pigeon", "Bird", mammal=False,
       grown=3, adult=12),
    _k("chicken", "chickens", "chick", "chicks", "🐔", 5, "bird", "Chicken", "Farm Animal",
       "hen", "rooster", "cockerel", "pullet", "chook", "bantam", mammal=False, grown=4, adult=12),
    _k("duck", "ducks", "duckling", "ducklings", "🦆", 6, "bird", "Duck", "Bird", "drake",
       mammal=False, grown=3, adult=12),
    _k("goose", "geese", "gosling", "goslings", "🪿", 15, "bird", "Goose", "Bird", "gander",
       mammal=False, grown=4, adult=12),
    _k("turkey", "turkeys", "poult", "poults", "🦃", 6, "bird", "Turkey", "Farm Animal",
       mammal=False, grown=4, adult=12),
    _k("bird", "birds", "chick", "chicks", "🐦", 10, "bird", None, "Bird", "avian", "birdie",
       mammal=False, grown=4),
    # Scales, Fins & Other
    _k("turtle", "turtles", "hatchling", "hatchlings", "🐢", 30, "scales", "Turtle",
       "Reptile", "red eared slider", "slider", "terrapin", "box turtle", mammal=False),
    _k("tortoise", "tortoises", "hatchling", "hatchlings", "🐢", 50, "scales", "Tortoise",
       "Reptile", "sulcata", mammal=False),
    _k("snake", "snakes", "hatchling", "hatchlings", "🐍", 15, "scales", "Snake", "Reptile",
       "python", "ball python", "boa", "corn snake", mammal=False),
    _k("bearded dragon", "bearded dragons", "hatchling", "hatchlings", "🦎", 8, "scales",
       "Bearded Dragon", "Reptile", "beardie", mammal=False, grown=6),
    _k("gecko", "geckos", "hatchling", "hatchlings", "🦎", 10, "scales", "Gecko", "Reptile",
       "leopard gecko", mammal=False, grown=6),
    _k("iguana", "iguanas", "hatchling", "hatchlings", "🦎", 12, "scales", "Iguana",
       "Reptile", mammal=False, grown=6),
    _k("lizard", "lizards", "hatchling", "hatchlings", "🦎", 10, "scales", "Lizard",
       "Reptile", mammal=False, grown=6),
    _k("reptile", "reptiles", "hatchling", "hatchlings", "🦎", 10, "scales", None, "Reptile",
       mammal=False, grown=6),
    _k("frog", "frogs", "froglet", "froglets", "🐸", 8, "scales", "Frog", None, "toad",
       mammal=False, grown=6),
    _k("fish", "fish", "fry", "fry", "🐟", 5, "scales", "Fish", None, "goldfish", "betta",
       "fishes", mammal=False, grown=3, adult=6),
    _k("hermit crab", "hermit crabs", *_baby("hermit crab"), "🦀", 10, "scales",
       "Hermit Crab", None, mammal=False, grown=6),
    _k("tarantula", "tarantulas", "spiderling", "spiderlings", "🕷️", 10, "scales",
       "Tarantula", None, mammal=False),
    # Barnyard
    _k("goat", "goats", "kid", "kids", "🐐", 10, "barnyard", "Goat", "Farm Animal",
       "billy goat", "nanny goat", "pygmy goat", "nigerian dwarf goat", "doeling", "buckling"),
    _k("sheep", "sheep", "lamb", "lambs", "🐑", 10, "barnyard", "Sheep", "Farm Animal",
       "ewe", "ram"),
    _k("pot-bellied pig", "pot-bellied pigs", "piglet", "piglets", "🐷", 12, "barnyard",
       "Pot Bellied", "Farm Animal", "pot bellied pig", "potbellied pig", "potbelly pig",
       "pot belly pig", "mini pig", "micro pig", grown=6),
    _k("pig", "pigs", "piglet", "piglets", "🐷", 10, "barnyard", "Pig (Farm)", "Farm Animal",
       "hog", "swine", "sow", "boar", grown=6),
    _k("cow", "cows", "calf", "calves", "🐮", 12, "barnyard", "Cow", "Farm Animal", "cattle",
       "steer", "heifer", "bull", "bovine"),
    _k("alpaca", "alpacas", "cria", "crias", "🦙", 15, "barnyard", "Alpaca", "Farm Animal"),
    _k("llama", "llamas", "cria", "crias", "🦙", 15, "barnyard", "Llama", "Farm Animal"),
    _k("farm animal", "farm animals", *_baby("farm animal"), "🐾", 10, "barnyard", None,
       "Farm Animal", "barnyard", "barnyard animal", "livestock"),
    # Any other animal: the word storykit always had for one it has no words for
    _k("other", "animals", "baby", "babies", "🐾", 7, "scales", None, None,
       "scales fins and other", "exotic", mammal=False, word="animal"),
)  # fmt: skip
OTHER = KINDS[-1]


def normal_form(text: str) -> str:
    """A species as written, for looking it up: lower case, one space, '&' as 'and', no
    punctuation ("Small & Furry" is "small and furry", "Guinea-Pigs" "guinea pigs")."""
    text = text.casefold().replace("&", " and ").replace("-", " ").replace("_", " ")
    text = "".join(c if c.isalnum() or c.isspace() else " " for c in text)
    return " ".join(text.split())


@functools.cache
def _species_by_spelling() -> dict[str, Species]:
    """Every way of writing a species in the table, by its _key."""
    found: dict[str, Species] = {}
    for kind in KINDS:
        names = [kind.name, kind.plural, *kind.also, *(regular_plural(a) for a in kind.also)]
        for name in names:
            found.setdefault(normal_form(name), kind)
    return found


def known(written: str) -> Species | None:
    """The species in the table *written* names, or None."""
    return _species_by_spelling().get(normal_form(written))


def closest(written: str) -> str | None:
    """The table's species *written* looks like a slip of the keyboard for ("dgo": dog)."""
    found = difflib.get_close_matches(
        normal_form(written), list(_species_by_spelling()), n=1, cutoff=0.75
    )
    return _species_by_spelling()[found[0]].name if found else None


@functools.cache
def kind_of(species: str) -> Species:
    """The Species of a species as a case file holds it: the table's, else one made from the
    words as written ("axolotl", "axolotls", "baby axolotl") under the sites' catch-all."""
    found = known(species)
    if found is not None:
        return found
    name = " ".join(species.split()).lower() or OTHER.name
    young = _baby(name)
    return Species(name, regular_plural(name), *young, OTHER.emoji, OTHER.senior_years,
                OTHER.petfinder, mammal=False, known=False, vaccines=False)  # fmt: skip
