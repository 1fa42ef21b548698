# bash completion for ejcluster(1): subcommands, their options, the format's words and files.
_ejcluster() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  local subcommands="status plan apply"
  if [ "$COMP_CWORD" -eq 1 ]; then
    mapfile -t COMPREPLY < <(compgen -W "$subcommands --help --version" -- "$cur")
    return
  fi
  case $prev in
    --format) mapfile -t COMPREPLY < <(compgen -W "json text" -- "$cur"); return ;;
    -f|--file) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
  esac
  case ${COMP_WORDS[1]} in
    status|plan|apply) mapfile -t COMPREPLY < <(compgen -W "--file --format --timings --help" -- "$cur") ;;
  esac
}
complete -F _ejcluster ejcluster
