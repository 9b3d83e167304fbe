"""What the docs tell a reader to type, checked against the repository as it is.

A newcomer copies commands out of the README and the docs. This module finds every
``kg ...`` and ``python script.py ...`` command in their code (fenced blocks and inline
code spans) and every relative link, and reports what no longer exists: a subcommand or
flag that kg's parser does not know, a script or query file that is not there, a flag
that a script's own parser does not define, a link to a missing file or heading.
Arguments that are not flags or paths (``DIR``, ``INPUT...``) are never checked.
"""

from __future__ import annotations

import argparse
import ast
import itertools
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Folders of tracked source files: a path into one of them in a command or a code span
# names a file the reader is expected to find in a clone.
SOURCE_DIRS = ("benchmarks/", "docs/", "kg/", "queries/", "tests/", "training/")
# Extensions of files that are only ever read (never written by a command): a token
# ending so must exist wherever it appears in a command.
SOURCE_SUFFIXES = (".py", ".cfg", ".rq")
# Options whose value is a file a command writes, so need not exist yet.
OUTPUT_OPTIONS = {"--out", "--output", "-o"}
# Fence languages that hold no shell commands.
NOT_SHELL = {"python", "py", "json", "sparql", "turtle", "ttl", "text", "csv", "toml", "cfg", "ini", "xml", "html"}

FENCE = re.compile(r"^(\s*)(```+|~~~+)\s*([\w+-]*)")
INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
ASSIGNMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
SEPARATORS = {"&&", "||", ";", "|", "&", ";;", "|&"}
# Words after which the next word starts a command, and commands that run the next one.
KEYWORDS = {"do", "then", "else", "$", "!", "{", "("}
WRAPPERS = {"time", "nice", "exec", "sudo", "env"}


@dataclass(frozen=True)
class Problem:
    """One thing a doc names that the repository does not have."""

    doc: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.doc}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Code:
    """A piece of a doc's code: one logical line of a shell block, or one inline span."""

    text: str
    line: int
    shell_block: bool
    # The prose around an inline span, which may say the path it names is history.
    before: str = ""
    after: str = ""


def doc_files(root: Path = ROOT) -> list[Path]:
    """The docs a newcomer reads: the top-level guides, docs/, training/ and queries/."""
    names = ["README.md", "CONTRIBUTING.md", "BENCHMARKS.md"]
    found = [root / n for n in names if (root / n).is_file()]
    found += sorted((root / "docs").glob("*.md"))
    found += sorted((root / "training").rglob("*.md"))
    found += sorted((root / "queries").glob("README*"))
    return found


# --- splitting a doc into code and prose ------------------------------------------------


def split_doc(text: str) -> tuple[list[Code], list[tuple[str, int]]]:
    """The doc's code pieces, and its prose lines (numbered from 1) with code blocks blanked."""
    code: list[Code] = []
    prose: list[tuple[str, int]] = []
    lines = text.split("\n")
    fence: str | None = None
    shell = False
    pending: list[str] = []
    pending_line = 0
    for number, line in enumerate(lines, start=1):
        opened = FENCE.match(line)
        if fence is None:
            if opened:
                fence = opened.group(2)
                shell = opened.group(3).lower() not in NOT_SHELL
                prose.append(("", number))
            else:
                prose.append((line, number))
            continue
        if line.strip().startswith(fence) and line.strip().strip(fence[0]) == "":
            fence = None
            prose.append(("", number))
            continue
        prose.append(("", number))
        if not shell:
            continue
        if not pending:
            pending_line = number
        if line.rstrip().endswith("\\"):
            pending.append(line.rstrip()[:-1])
            continue
        pending.append(line)
        code.append(Code(" ".join(pending), pending_line, shell_block=True))
        pending = []
    code += list(_inline_code(prose))
    return code, prose


def _inline_code(prose: list[tuple[str, int]]) -> Iterator[Code]:
    """Inline code spans of the prose; a span may run over a line break, not a paragraph."""
    text = "\n".join(line for line, _ in prose)
    starts = [0]
    for line, _ in prose:
        starts.append(starts[-1] + len(line) + 1)
    for match in INLINE_CODE.finditer(text):
        body = match.group(2)
        if "\n\n" in body or body.strip() == "":
            continue
        index = _line_index(starts, match.start())
        # In a table, a pipe inside code is written \|.
        text_of = body.replace("\\|", "|").replace("\n", " ").strip()
        around = text[max(0, match.start() - 40) : match.start()], text[match.end() : match.end() + 80]
        yield Code(text_of, prose[index][1], shell_block=False, before=around[0], after=around[1])


def _line_index(starts: list[int], offset: int) -> int:
    low, high = 0, len(starts) - 1
    while low < high - 1:
        middle = (low + high) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle
    return low


def links(prose: list[tuple[str, int]]) -> Iterator[tuple[str, int]]:
    """The targets of the prose's links, with their line; link text may wrap over lines,
    and a link written inside code is no link."""
    text = "\n".join(line for line, _ in prose)
    # Code spans become blanks of the same length, so that offsets keep their lines.
    text = INLINE_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    starts = [0]
    for line, _ in prose:
        starts.append(starts[-1] + len(line) + 1)
    for match in LINK.finditer(text):
        if "\n\n" not in match.group(0):
            yield match.group(1), prose[_line_index(starts, match.start())][1]


# --- commands --------------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    """Shell words and separators of one line; a line that is not shell gives no words."""
    lexer = shlex.shlex(text, posix=True, punctuation_chars=";&|")
    lexer.whitespace_split = True
    try:
        return list(lexer)
    except ValueError:  # an unbalanced quote: prose or output, not a command
        return []


def commands(text: str, variables: dict[str, str]) -> Iterator[list[str]]:
    """The simple commands of one line, as their words; ``NAME=VALUE`` words are recorded
    in ``variables`` and ``$NAME`` is replaced by its value, as the shell would."""
    for name, value in variables.items():
        text = re.sub(r"\$\{?" + name + r"\b\}?", lambda _m, v=value: v, text)
    words: list[str] = []
    wrapped = False
    for token in [*_tokens(text), ";"]:
        if token in SEPARATORS or set(token) <= set(";&|"):
            if words:
                yield words
            words, wrapped = [], False
        elif words:
            words.append(token)
        elif token in KEYWORDS or token in WRAPPERS or token.endswith("/time"):
            wrapped = token not in KEYWORDS
        elif wrapped and token.startswith("-"):
            continue  # an option of the wrapper: /usr/bin/time -v
        elif assignment := ASSIGNMENT.match(token):
            variables[assignment.group(1)] = assignment.group(2)
        else:
            words = [token]


def _is_kg(word: str) -> bool:
    return word == "kg" or word.endswith("/bin/kg")


def _is_python(word: str) -> bool:
    return re.fullmatch(r"(.*/)?python(3(\.\d+)?)?", word) is not None


def _flag(word: str) -> str | None:
    """The option a word names (``[--model`` and ``--format=csv`` included), else None."""
    word = word.strip("[]{}(),")
    if not word.startswith("-") or word in {"-", "--"} or re.fullmatch(r"-[\d.]+", word):
        return None
    return word.split("=", 1)[0]


@dataclass(frozen=True)
class Command:
    """One level of kg's parser: its options and its subcommands."""

    options: frozenset[str]
    subcommands: tuple[str, ...]


@cache
def kg_commands() -> dict[str, Command]:
    """kg's parser and every subcommand's, by path (``""``, ``"build"``, ``"eval scierc"``),
    read from the parser kg.cli builds."""
    from kg.cli import parser

    found: dict[str, Command] = {}

    def walk(path: str, node: argparse.ArgumentParser) -> None:
        children: dict[str, argparse.ArgumentParser] = {}
        for action in node._actions:
            if isinstance(action, argparse._SubParsersAction):
                children.update(action.choices)
        found[path] = Command(frozenset(node._option_string_actions), tuple(sorted(children)))
        for name, child in children.items():
            walk(f"{path} {name}".strip(), child)

    walk("", parser())
    return found


def check_kg(args: list[str]) -> list[str]:
    """What is wrong with ``kg ARGS``: an unknown subcommand, or a flag the subcommand lacks."""
    tree = kg_commands()
    path = ""
    rest = list(args)
    while rest and tree[path].subcommands and _flag(rest[0]) is None:
        word = rest.pop(0)
        if word not in tree[path].subcommands:
            has = ", ".join(tree[path].subcommands)
            return [f"`{f'kg {path}'.strip()} {word}`: no such subcommand (has: {has})"]
        path = f"{path} {word}".strip()
    known = set(tree[path].options)
    if path:  # `kg eval --model` stands for any of eval's targets: their flags count
        for child in tree[path].subcommands:
            known |= tree[f"{path} {child}"].options
    where = f"kg {path}".strip()
    return [f"`{where}`: no option {flag}" for flag in filter(None, map(_flag, rest)) if flag not in known]


@dataclass(frozen=True)
class ScriptOptions:
    """The flags a script's argparse parser defines, and whether it passes the others on
    (``parse_known_args``: spaCy settings such as ``--paths.vectors``)."""

    flags: frozenset[str]
    passes_on: bool

    def knows(self, flag: str) -> bool:
        return flag in self.flags or (self.passes_on and "." in flag)


@cache
def script_options(script: Path) -> ScriptOptions | None:
    """The options of a script, read from its source rather than by running it; None when
    it defines none there (it reads sys.argv itself, or borrows a parser)."""
    try:
        tree = ast.parse(script.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return None
    flags: set[str] = {"-h", "--help"}
    calls = 0
    passes_on = False
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        passes_on |= node.func.attr == "parse_known_args"
        if node.func.attr == "add_argument":
            calls += 1
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value.startswith("-"):
                    flags.add(arg.value)
    return ScriptOptions(frozenset(flags), passes_on) if calls else None


def _python_args(args: list[str]) -> tuple[str, str, list[str]] | None:
    """``(kind, target, rest)`` of ``python ARGS``: kind is "script" or "module"."""
    rest = list(args)
    while rest and rest[0].startswith("-") and rest[0] not in {"-m", "-c"}:
        rest.pop(0)  # interpreter options such as -u or -X
    if not rest or rest[0] == "-c":
        return None
    if rest[0] == "-m":
        return ("module", rest[1], rest[2:]) if len(rest) > 1 else None
    return "script", rest[0], rest[1:]


def _is_placeholder(word: str) -> bool:
    """A word that stands for something the reader chooses: ``$seed``, ``DIR``, ``{a,b}``, ``...``."""
    return bool(re.search(r"[$*{}<>…]|\.\.\.|\b[A-Z]{2,}\b|\bM\b", word))


def _source_path(word: str) -> str | None:
    """The repository path a word names, when it names one of the repository's sources."""
    word = word.strip("[](),'\"").rstrip(".:")
    word = re.sub(r"(\.py)::\S*$|(\.py):\d+$", r"\1\2", word)
    if _is_placeholder(word) or " " in word or (word.startswith(".") and "/" not in word):
        return None  # a placeholder, or only a suffix (".rq")
    if word.endswith(SOURCE_SUFFIXES) or word.startswith(SOURCE_DIRS):
        return word
    return None


@cache
def _source_names(root: Path) -> frozenset[str]:
    """The names of the files in the repository's source folders and data/."""
    names: set[str] = set()
    for folder in (*SOURCE_DIRS, "data/"):
        names |= {p.name for p in (root / folder).rglob("*") if "__pycache__" not in p.parts}
    return frozenset(names)


def _exists(word: str, doc: Path, root: Path) -> bool:
    """Whether a path resolves from the root or the doc; a bare name (``vote.py``, as prose
    names a file it has just shown the folder of) may be anywhere in the sources."""
    word = word.removeprefix("./")
    if (root / word).exists() or (doc.parent / word).exists():
        return True
    return "/" not in word and word in _source_names(root)


def _source_script(word: str, root: Path) -> bool | None:
    """Whether the script a shell runs exists; None when the word is an option or a placeholder."""
    if word.startswith("-") or _is_placeholder(word):
        return None
    return (root / word).is_file()


def check_command(words: list[str], doc: Path, root: Path, cwd: Path | None = None) -> list[str]:
    """What is wrong with one command of a doc, run in ``cwd`` (the root unless a ``cd``
    came before it on the line)."""
    cwd = cwd or root
    problems: list[str] = []
    head, args = words[0], words[1:]
    if _is_kg(head):
        problems += check_kg(args)
    elif _is_python(head):
        parsed = _python_args(args)
        if parsed is not None:
            kind, target, rest = parsed
            if kind == "module" and target == "kg":
                problems += check_kg(rest)
            elif kind == "script" and not _is_placeholder(target):
                script = cwd / target
                if not script.is_file():
                    problems.append(f"`python {target}`: no such file")
                else:
                    known = script_options(script)
                    if known is not None:
                        problems += [
                            f"`python {target}`: no option {flag}"
                            for flag in filter(None, map(_flag, rest))
                            if not known.knows(flag)
                        ]
    elif head in {"bash", "sh"} and args and _source_script(args[0], cwd) is False:
        problems.append(f"`{head} {args[0]}`: no such file")
    # Files the command reads from the repository: scripts, configs, queries.
    for before, word in itertools.pairwise(words):
        path = _source_path(word)
        if before in OUTPUT_OPTIONS or path is None or not path.endswith(SOURCE_SUFFIXES):
            continue
        missing = not _exists(path, doc, root) and not (cwd / path).exists()
        if missing and not any(path in p for p in problems):  # `python PATH` said so already
            problems.append(f"{path}: no such file")
    return problems


HISTORY_BEFORE = re.compile(r"\b(then|formerly|once|was|were)\s*\(?$")
COMMIT = re.compile(r"\bcommit [0-9a-f]{7,40}\b")


def check_span(piece: Code, doc: Path, root: Path) -> list[str]:
    """An inline code span that is a path must name an existing source, unless its sentence
    says the file is history (``then `x.py```, ``... at commit e7d6c92``)."""
    words = piece.text.split()
    if len(words) != 1 or words[0].startswith("."):
        return []
    if HISTORY_BEFORE.search(piece.before) or COMMIT.search(piece.before[-20:] + piece.after):
        return []
    path = _source_path(words[0])
    if path is not None and not _exists(path, doc, root):
        return [f"{path}: no such file"]
    return []


# --- links -----------------------------------------------------------------------------


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: its text lower-cased, punctuation but - and _ dropped,
    spaces made hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = re.sub(r"<[^>]+>", "", text).replace("`", "")
    text = re.sub(r"(\*\*|__|\*|~~)", "", text)
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


@cache
def anchors(path: Path) -> frozenset[str]:
    """The anchors of a markdown file's headings."""
    return anchors_of(path.read_text(encoding="utf-8"))


def anchors_of(text: str) -> frozenset[str]:
    """The anchors GitHub gives the headings of a markdown text (repeats get -1, -2...),
    and those its HTML names."""
    _, prose = split_doc(text)
    seen: dict[str, int] = {}
    found: set[str] = set()
    for line, _ in prose:
        heading = HEADING.match(line)
        if not heading:
            continue
        base = slug(heading.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    found |= set(re.findall(r"<a\s+(?:name|id)=\"([^\"]+)\"", text))
    return frozenset(found)


def check_link(target: str, doc: Path, root: Path, own: frozenset[str] = frozenset()) -> str | None:
    """What is wrong with a link of ``doc`` to ``target``, or None if it resolves; ``own``
    are the anchors of ``doc`` itself."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) or target.startswith("//"):
        return None  # http:, https:, mailto:: not checked here
    file_part, _, anchor = target.partition("#")
    if not file_part:  # a bare "#" is the top of the page
        return None if anchor in own or not anchor else f"link ({target}): no heading #{anchor} here"
    resolved = root / file_part.lstrip("/") if file_part.startswith("/") else doc.parent / file_part
    if not resolved.exists():
        return f"link ({target}): no such file {file_part}"
    if anchor and resolved.is_file() and resolved.suffix == ".md" and anchor not in anchors(resolved):
        return f"link ({target}): no heading #{anchor} in {resolved.name}"
    return None


# --- the whole doc ---------------------------------------------------------------------


def check_text(text: str, doc: Path, root: Path = ROOT) -> list[Problem]:
    """Every problem of one doc's text; ``doc`` is where the text lives (links are relative)."""
    name = doc.relative_to(root).as_posix() if doc.is_relative_to(root) else doc.name
    problems: list[Problem] = []
    code, prose = split_doc(text)
    variables: dict[str, str] = {}
    for piece in code:
        messages: list[str] = []
        cwd = root
        for words in commands(piece.text, variables):
            if words[0] == "cd" and len(words) == 2 and not _is_placeholder(words[1]):
                cwd = root / words[1]
                continue
            messages += check_command(words, doc, root, cwd)
        if not piece.shell_block:
            messages += check_span(piece, doc, root)
        problems += [Problem(name, piece.line, m) for m in dict.fromkeys(messages)]
    own = anchors_of(text)
    for target, number in links(prose):
        message = check_link(target, doc, root, own)
        if message:
            problems.append(Problem(name, number, message))
    return sorted(set(problems), key=lambda p: (p.line, p.message))


def check_docs(root: Path = ROOT) -> list[Problem]:
    """Every problem of every doc a newcomer reads."""
    problems: list[Problem] = []
    for doc in doc_files(root):
        problems += check_text(doc.read_text(encoding="utf-8"), doc, root)
    return problems
