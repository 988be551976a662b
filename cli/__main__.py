from dbagent.main import main

main()
