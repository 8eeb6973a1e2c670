"""Talk to the bot in a terminal: python -m app.main (type 'quit' to leave)."""

from app import bot


def main():
    print("Type a chat message for the bot, e.g.  calc 2 + 3 * 4   (quit to leave)")
    while True:
        try:
            line = input("you> ")
        except EOFError:
            break
        if line.strip().lower() in ("quit", "exit"):
            break
        print("bot>", bot.handle(line))


if __name__ == "__main__":
    main()
