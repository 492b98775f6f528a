# bash completion for neurone(1): its commands, each one's options, and the values that a few
# options take. Written for Neurone; the option lists follow each command's --help, and
# tests/install.sh checks that every option there is offered here.

_neurone()
{
    local cur prev words cword
    _init_completion || return

    local app="--lesson --page --lang --size --scale --fullscreen --open --code --screenshot --steps
        --frame-bench --frames --window --playground --weights --first-frame --list-lessons --lessons --check-lessons
        --check-layout --demo --display --theme --autoplay --autoplay-loops --spotlight --presenter --demo-log
        --help --help-app --version --paths --bench"
    local train="--dataset --csv --target --epochs --batch-size --validation-split --seed --save
        --engine --quiet --help"
    local run="--engine --epochs --lang --json --plots --help"
    local compare="--data --target --features --scaler --test-size --seed --missing --epochs
        --confusion --json --help"
    local bench="--json --long --workload --engine --device --threads --quiet --model --data
        --target --epochs --batch-size --seed --test-size --timeout --reinit --backend --help"
    local datasets="fashion_mnist mnist iris wine breast_cancer digits circle xor gauss spiral"

    case $prev in
        --lang) COMPREPLY=($(compgen -W "fr en" -- "$cur")); return ;;
        --engine|--backend) COMPREPLY=($(compgen -W "cpu vulkan" -- "$cur")); return ;;
        --theme) COMPREPLY=($(compgen -W "dark light" -- "$cur")); return ;;
        --dataset) COMPREPLY=($(compgen -W "$datasets" -- "$cur")); return ;;
        --scaler) COMPREPLY=($(compgen -W "minmax standard none" -- "$cur")); return ;;
        --missing) COMPREPLY=($(compgen -W "impute drop refuse" -- "$cur")); return ;;
        --workload) COMPREPLY=($(compgen -W "seed mnist playground wide" -- "$cur")); return ;;
        --data)
            COMPREPLY=($(compgen -W "$datasets" -- "$cur"))
            _filedir csv
            return ;;
        --lessons|--plots) _filedir -d; return ;;
        --screenshot) _filedir png; return ;;
        --open|--csv|--save|--json|--model|--demo-log) _filedir; return ;;
        --lesson|--page|--size|--scale|--steps|--frames|--display|--autoplay|--autoplay-loops|\
        --target|--epochs|--batch-size|--validation-split|--seed|--features|--test-size|--device|\
        --threads|--timeout)
            return ;;
    esac

    local command=""
    [[ $cword -gt 1 ]] && command=${words[1]}
    case $command in
        train) COMPREPLY=($(compgen -W "$train" -- "$cur")) ;;
        compare) COMPREPLY=($(compgen -W "$compare" -- "$cur")) ;;
        --bench) COMPREPLY=($(compgen -W "$bench" -- "$cur")) ;;
        run)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "$run" -- "$cur"))
            else
                _filedir '@(py|ipynb)'
            fi ;;
        *)
            if [[ $cword -eq 1 && $cur != -* ]]; then
                COMPREPLY=($(compgen -W "train run compare" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "$app" -- "$cur"))
            fi ;;
    esac
} &&
    complete -F _neurone neurone
