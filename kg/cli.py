"""The ``kg`` command: thin wrappers that check arguments, call the library, and turn
:class:`~kg.errors.KGError` into a message and an exit code."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kg.errors import ExportError, InputProblem, KGError
from kg.export import EXPORTERS
from kg.export.html import ViewOptions
from kg.machine import available_cores
from kg.termination import Terminated
from kg.version import __version__
from kg.vocab import DEFAULT_BASE

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
ACCURATE_HELP = "extract with accurate mode, a fine-tuned transformer NER (slower; needs: pip install -e '.[accurate]')"
MODEL_HELP = (
    "a spaCy pipeline folder with an 'ner' component (one trained by training/, for your own field), "
    "or with --accurate a folder written by training/accurate/finetune.py (default: the shipped one)"
)


def _warn(problem: InputProblem) -> None:
    print(f"warning: {problem}", file=sys.stderr)


def _progress_bar(enabled: bool | None) -> Callable[[int], Callable[[int], None]]:
    def start(total: int) -> Callable[[int], None]:
        from tqdm import tqdm

        bar = tqdm(
            total=total,
            unit="paper",
            desc="extracting",
            disable=None if enabled is None else not enabled,
            file=sys.stderr,
            dynamic_ncols=True,
        )

        def tick(n: int) -> None:
            bar.update(n)
            if bar.n >= total:
                bar.close()

        return tick

    return start


def _build(args: argparse.Namespace) -> int:
    from kg.building import build
    from kg.export import ExportOptions, ViewOptions
    from kg.export.rdf import check_base, file_name
    from kg.extract.options import ExtractOptions
    from kg.sources.textfile import CUT, FIELD_LIMITS
    from kg.termination import stop_as_interrupt

    file_name(args.rdf_format)
    if args.max_nodes < 1 or args.min_papers < 1:
        raise KGError("--max-nodes and --min-papers must be at least 1")
    view = ViewOptions(max_nodes=args.max_nodes, min_papers=args.min_papers, show_papers=args.show_papers)
    options = ExportOptions(rdf_format=args.rdf_format, base=check_base(args.base), mentions=args.mentions, view=view)
    extraction = ExtractOptions(
        workers=available_cores() if args.workers is None else args.workers,
        engine=args.engine,
        scheduler=args.scheduler,
        cache=Path(args.cache) if args.cache else None,
        model=_model_dir(args.model),
        accurate=args.accurate,
        relations=args.relations,
    )
    if args.store:  # every destination is checked before a paper is read
        from kg.export.store import check_destination

        check_destination(Path(args.store))
    with stop_as_interrupt():  # SIGTERM and SIGHUP clean up as Ctrl-C does (workers, staging folders)
        kg, report = build(
            args.inputs,
            out=args.out,
            on_error=args.on_error,
            warn=_warn,
            progress=_progress_bar(args.progress),
            formats=args.formats.split(",") if args.formats else None,
            options=options,
            extraction=extraction,
        )
        stages = list(report.stages)
        stored = None
        if args.store:
            from kg.export import store
            from kg.timing import Stopwatch

            watch = Stopwatch()
            with watch.stage("store"):
                stored = store.write(kg, Path(args.store), base=options.base, mentions=options.mentions)
            stages.extend(watch.stages)
    concepts = ", ".join(f"{n} {kind}s" for kind, n in report.concepts.items())
    lines = [
        f"read {len(report.files)} file(s): {report.listings} listings, {report.papers} unique papers "
        f"({report.duplicates} duplicate listings merged)",
        f"concepts: {concepts}",
        f"edges: {report.edges} paper-concept links from {report.mentions} mentions",
    ]
    if extraction.relations:
        lines.append(f"stated: {report.relations} relations, {report.results} results (--relations)")
    if extraction.cache is not None:
        lines.append(
            f"cache: {report.from_cache} papers read from {args.cache}, {report.papers - report.from_cache} extracted"
        )
    if report.problems:
        lines.append(f"problems: {len(report.problems)}, listed above as warnings")
        cut = sum(problem.kind == CUT for problem in report.problems)
        if cut:
            limits = ", ".join(f"{field} {limit:,}" for field, limit in FIELD_LIMITS.items())
            lines.append(f"cut: {cut} field(s) longer than kg reads ({limits} characters)")
    lines.append("wrote: " + ", ".join(report.written))
    if stored is not None:
        where = stored.path.as_posix()
        lines.append(f"store: {where} ({stored.triples} triples); query it with kg sparql {where} QUERY")
    if args.timings:
        lines.append(f"{'stage':<16} {'seconds':>9} {'peak RSS MiB':>13} {'workers MiB':>12}")
        lines.extend(
            f"{s.name:<16} {s.seconds:>9.2f} {s.peak_rss_mib:>13.0f} {s.children_peak_rss_mib:>12.0f}" for s in stages
        )
        lines.append(f"{'total':<16} {sum(s.seconds for s in stages):>9.2f}")
    print("\n".join(lines))
    return EXIT_OK


def _model_dir(model: str | None) -> Path:
    """The folder that ``--model`` names, checked before any paper is read; the shipped model without it."""
    from kg.extract.pipeline import MODEL_DIR

    if not model:
        return MODEL_DIR
    path = Path(model)
    if not path.is_dir():
        raise KGError(f"--model {model}: no such folder; pass the folder that spacy train or finetune.py wrote")
    return path


def _eval_scierc(args: argparse.Namespace) -> int:
    from kg.evaluate import evaluate_scierc
    from kg.evaluate.scierc import read_split
    from kg.extract.pipeline import load_pipeline

    path = Path(args.data) / f"{args.split}.json"
    documents = read_split(path)
    if args.relations:
        return _eval_scierc_relations(args, path)
    nlp = load_pipeline(_model_dir(args.model), accurate=args.accurate)
    scores = evaluate_scierc(nlp, documents, ner_only=args.ner_only)
    if args.json:
        print(json.dumps(scores.as_dict(), indent=2))
    else:
        ner = "accurate-mode transformer NER" if args.accurate else "statistical NER"
        what = f"{ner} only" if args.ner_only else ("accurate pipeline" if args.accurate else "default pipeline")
        print(f"SciERC {args.split}: {len(documents)} abstracts, exact character-span match, {what}")
        print(scores.table())
    return EXIT_OK


def _eval_scierc_relations(args: argparse.Namespace, path: Path) -> int:
    from kg.evaluate.relations import evaluate_relations
    from kg.evaluate.scierc import read_split
    from kg.extract.pipeline import load_pipeline

    documents = read_split(path)
    nlp = load_pipeline(_model_dir(args.model), accurate=args.accurate, relations=True)
    scores = evaluate_relations(nlp, documents)
    if args.json:
        print(json.dumps(scores.as_dict(), indent=2))
        return EXIT_OK
    print(f"SciERC {args.split}: {len(documents)} abstracts, relations between Method / Task / Material")
    print(scores.table())
    return EXIT_OK


def _eval_scirex(args: argparse.Namespace) -> int:
    from kg.evaluate.scirex import evaluate_scirex, split_documents
    from kg.extract.pipeline import load_pipeline

    if args.results:
        return _eval_scirex_results(args)
    documents = split_documents(Path(args.data), args.split)
    nlp = load_pipeline(_model_dir(args.model), accurate=args.accurate)
    result = evaluate_scirex(nlp, documents, args.split)
    if args.json:
        print(json.dumps(result.as_dict(misses=args.misses), indent=2))
        return EXIT_OK
    what = "accurate pipeline" if args.accurate else "default pipeline"
    print(f"SciREX {args.split}: {len(documents)} papers, title and abstract, {what}")
    print("mentions: exact character span and type (Material = kg's dataset)")
    print("salient: entities named in title or abstract, found among the paper's concepts (lenient name match)")
    print(result.table())
    if args.misses:
        print()
        print(result.misses())
    return EXIT_OK


def _eval_scirex_results(args: argparse.Namespace) -> int:
    from kg.evaluate.scirex import SPLIT_FILE, read_split
    from kg.evaluate.scirex_results import evaluate_results
    from kg.evaluate.scirex_tuples import read_result_documents
    from kg.extract.pipeline import load_pipeline

    documents = read_result_documents(Path(args.data), read_split(SPLIT_FILE, args.split))
    nlp = load_pipeline(_model_dir(args.model), accurate=args.accurate, relations=True, result_claims=True)
    report = evaluate_results(nlp, documents, args.split)
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
        return EXIT_OK
    what = "accurate pipeline" if args.accurate else "default pipeline"
    print(f"SciREX {args.split}: {len(documents)} papers, title and abstract, {what} with relations and result claims")
    print(report.table())
    return EXIT_OK


def _eval_gold(args: argparse.Namespace) -> int:
    from kg.evaluate.gold import evaluate_gold, read_gold
    from kg.extract.options import ExtractOptions

    gold = read_gold(Path(args.file))
    scores = evaluate_gold(gold, ExtractOptions(model=_model_dir(args.model), accurate=args.accurate))
    if args.json:
        print(json.dumps(scores.as_dict(), indent=2))
    else:
        print(f"{args.file}: {len(gold)} papers, per-paper concept match")
        print(scores.table())
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from kg.api import load
    from kg.export import report

    folder = Path(args.folder)
    target = Path(args.out) if args.out else folder / "report.html"
    if args.out is not None:  # beside the export, load's error names a missing folder better
        where = target.as_posix()
        if target.is_dir():
            raise ExportError(f"{where}: --out is a folder; give the report's file name, e.g. {where}/report.html")
        if not target.parent.is_dir():
            raise ExportError(
                f"{target.parent.as_posix()}: no such folder for the report; create it or choose another --out"
            )
    graph = load(folder)
    report.write(graph, target)
    print(f"wrote: {target.as_posix()}")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from kg.validate import read_rdf, validate

    result = validate(read_rdf(Path(args.file)))
    if result.conforms:
        print(f"{args.file}: conforms to kg's SHACL shapes ({result.triples} triples)")
        return EXIT_OK
    print(result.report)
    print(f"{args.file}: does NOT conform to kg's SHACL shapes", file=sys.stderr)
    return EXIT_ERROR


def _non_negative(text: str) -> float:
    """An argparse type: a number of seconds or gigabytes, 0 or more (0 meaning no limit)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r}: give 0 or more (0 for no limit)")
    return value


def _row_cap(text: str) -> int:
    """An argparse type: a number of rows, 0 or more (0 meaning all)."""
    if not text.strip().isascii() or not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number of rows, 0 for all")
    return int(text)


def _sparql(args: argparse.Namespace) -> int:
    from kg.sparql import format_results, parse_bindings, query_source, read_query
    from kg.sparql_limits import Limits, default_max_memory, run_limited

    query, source = read_query(args.query), query_source(args.query)
    memory = default_max_memory() if args.max_memory is None else int(args.max_memory * 1024**3) or None
    limits = Limits(args.timeout or None, args.max_rows or None, memory, args.allow_service)
    try:
        results = run_limited(Path(args.file), query, args.engine, parse_bindings(args.bind), source, limits)
    except KeyboardInterrupt:
        print("interrupted; the query was stopped", file=sys.stderr)
        return 130
    print(format_results(results, args.format, width=args.width))
    for note in results.notes:
        print(f"note: {note}", file=sys.stderr)
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    """The argument parser of ``kg`` and its subcommands."""
    top = argparse.ArgumentParser(
        prog="kg", description="Build a knowledge graph of methods, tasks and datasets from paper abstracts."
    )
    top.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = top.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="read pages or abstracts and write the graph's exports")
    build.add_argument(
        "inputs", nargs="+", help="files or folders: digest pages (.txt), JSON Lines (.jsonl), CSV (.csv/.tsv)"
    )
    build.add_argument("--out", default="exports", help="output folder (default: exports)")
    build.add_argument(
        "--on-error",
        choices=("skip", "fail"),
        default="skip",
        help="skip bad files and records with a warning (default), or stop with exit code 1 at the first",
    )
    build.add_argument("--formats", help=f"comma-separated subset of: {', '.join(EXPORTERS)} (default: all)")
    build.add_argument(
        "--rdf-format",
        choices=("turtle", "nt", "json-ld"),
        default="turtle",
        help="RDF serialisation (default: turtle)",
    )
    build.add_argument(
        "--base", default=DEFAULT_BASE, help=f"base IRI of papers and concepts (default: {DEFAULT_BASE})"
    )
    build.add_argument(
        "--mentions", action="store_true", help="also write every mention (text, offsets, sentence, rule) into the RDF"
    )
    build.add_argument(
        "--store",
        metavar="DIR",
        help="also write a persistent Oxigraph store of the RDF to DIR, for kg sparql DIR QUERY on large graphs",
    )
    defaults = ViewOptions()
    build.add_argument(
        "--max-nodes",
        type=int,
        default=defaults.max_nodes,
        help=f"most concepts drawn in graph.html ({defaults.max_nodes})",
    )
    build.add_argument(
        "--min-papers",
        type=int,
        default=defaults.min_papers,
        help=f"concepts with fewer papers are not drawn in graph.html ({defaults.min_papers})",
    )
    build.add_argument("--show-papers", action="store_true", help="graph.html opens with papers shown")
    build.add_argument(
        "--workers",
        type=int,
        default=None,
        help=f"extract in this many processes or Dask workers (default: the available cores, {available_cores()} here)",
    )
    build.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="where extraction runs: this machine's processes (default) or a Dask cluster",
    )
    build.add_argument(
        "--scheduler", help="address of the Dask scheduler (tcp://HOST:8786); without it a local cluster is started"
    )
    build.add_argument(
        "--cache",
        metavar="DIR",
        help="reuse extractions stored in DIR for papers whose text was seen before (incremental builds)",
    )
    build.add_argument("--timings", action="store_true", help="print seconds and peak memory per stage")
    build.add_argument("--accurate", action="store_true", help=ACCURATE_HELP)
    build.add_argument(
        "--relations",
        action="store_true",
        help="also extract the relations and results sentences state (kg_relations, kg_result_claims): "
        "typed links and result claims with their evidence in every export, relations.csv and "
        "results.csv (slower)",
    )
    build.add_argument("--model", metavar="DIR", help=MODEL_HELP)
    progress = build.add_mutually_exclusive_group()
    progress.add_argument(
        "--progress", dest="progress", action="store_true", default=None, help="always show the progress bar"
    )
    progress.add_argument("--no-progress", dest="progress", action="store_false", help="never show the progress bar")
    build.set_defaults(run=_build)

    evaluate = sub.add_parser("eval", help="measure extraction against gold annotations")
    targets = evaluate.add_subparsers(dest="target", required=True)
    scierc = targets.add_parser("scierc", help="SciERC spans: per-type and micro P/R/F1, exact span match")
    scierc.add_argument("--split", choices=("train", "dev", "test"), default="test")
    scierc.add_argument("--data", default="data/scierc", help="folder with SciERC's train/dev/test.json")
    scierc.add_argument("--ner-only", action="store_true", help="score the statistical NER alone, without rules")
    scierc.add_argument("--model", metavar="DIR", help=MODEL_HELP)
    scierc.add_argument("--accurate", action="store_true", help=ACCURATE_HELP)
    scierc.add_argument("--json", action="store_true", help="print JSON with keys per_type and micro")
    scierc.add_argument(
        "--relations", action="store_true", help="score typed relations: given gold entities, and end to end"
    )
    scierc.set_defaults(run=_eval_scierc)
    scirex = targets.add_parser(
        "scirex", help="SciREX papers' title and abstract: mention P/R/F1 and salient-entity recall"
    )
    scirex.add_argument("--split", choices=("heldout", "train"), default="heldout", help="(default: heldout)")
    scirex.add_argument(
        "--data", default="data/scirex/docs.jsonl", help="SciREX docs.jsonl (split: training/scirex-split.json)"
    )
    scirex.add_argument("--model", metavar="DIR", help=MODEL_HELP)
    scirex.add_argument("--accurate", action="store_true", help=ACCURATE_HELP)
    scirex.add_argument("--json", action="store_true", help="print JSON with keys mentions and salient")
    scirex.add_argument("--misses", action="store_true", help="also list the salient entities not found, by type")
    scirex.add_argument(
        "--results",
        action="store_true",
        help="score result claims and (method, dataset / task) pairs against SciREX's result tuples instead",
    )
    scirex.set_defaults(run=_eval_scirex)
    gold = targets.add_parser("gold", help="your own per-paper gold concepts (JSON; format in the README)")
    gold.add_argument("file")
    gold.add_argument("--model", metavar="DIR", help=MODEL_HELP)
    gold.add_argument("--accurate", action="store_true", help=ACCURATE_HELP)
    gold.add_argument("--json", action="store_true", help="print JSON with keys per_type and micro")
    gold.set_defaults(run=_eval_gold)

    report = sub.add_parser("report", help="write report.html (statistics and plots) from an export folder")
    report.add_argument("folder", help="a folder that kg build wrote (it reads graph.graphml)")
    report.add_argument("--out", help="where to write the report (default: FOLDER/report.html)")
    report.set_defaults(run=_report)

    validate = sub.add_parser("validate", help="check an RDF export against kg's SHACL shapes")
    validate.add_argument("file", help="graph.ttl, graph.nt or graph.jsonld")
    validate.set_defaults(run=_validate)

    sparql = sub.add_parser("sparql", help="run a SPARQL query over an RDF export or a kg store")
    sparql.add_argument("file", help="graph.ttl, graph.nt, graph.jsonld, or a store folder (kg build --store DIR)")
    sparql.add_argument("query", help="a query, or a .rq file (kg's prefixes are declared for you)")
    sparql.add_argument("--format", choices=("table", "csv", "json"), default="table")
    sparql.add_argument("--engine", choices=("auto", "oxigraph", "rdflib"), default="auto")
    sparql.add_argument("--bind", action="append", default=[], metavar="NAME=VALUE", help="set ?NAME before running")
    sparql.add_argument("--width", type=int, default=60, help="longest value shown in a table cell")
    sparql.add_argument("--timeout", type=_non_negative, default=300.0, help="stop after SECONDS (0: never)")
    sparql.add_argument("--max-rows", type=_row_cap, default=100_000, help="rows shown at most, a note if cut (0: all)")
    sparql.add_argument("--max-memory", type=_non_negative, metavar="GB", help="default: half the machine's memory")
    sparql.add_argument("--allow-service", action="store_true", help="let SERVICE query remote endpoints")
    sparql.set_defaults(run=_sparql)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``kg`` with ``argv``; return the exit code."""
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
        return code
    except KGError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader of our output went away (``kg build ... | head``); that is not an error of kg.
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt as err:
        by = f" by {err}" if isinstance(err, Terminated) else ""
        print(f"interrupted{by}; earlier exports were left as they were", file=sys.stderr)
        return 128 + (err.signum if isinstance(err, Terminated) else signal.SIGINT)
